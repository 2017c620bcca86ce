import { GatewayError } from '../../errors/gateway-error';
import type { ChatRequest, ReasoningConfig } from '../../types/chat';
import { ANSWER_NEUTRAL_PARAMS, checkParams, NEUTRAL_VALUES, type ParamPolicy } from '../param-policy';
import { BUDGET_FOR_EFFORT, reasoningRefused } from '../reasoning-budget';
import { toGeminiMessages } from './convert-messages';
import { toOpenApiSchema } from './to-openapi-schema';

// The canonical request → a GenerateContentRequest.

/** Every canonical parameter Gemini is sent, and those left out on purpose; any other is a 400. */
const GEMINI_PARAMS: ParamPolicy = {
  mapped: new Set([
    'temperature', 'top_p', 'top_k', 'max_tokens', 'max_completion_tokens', 'n', 'seed', 'presence_penalty', 'frequency_penalty', 'stop',
    'response_format', 'tools', 'tool_choice',
  ]),
  ignored: new Set([
    ...ANSWER_NEUTRAL_PARAMS,
    // Gemini has no switch for it and calls functions in parallel as it sees fit; a client that
    // asked for one call at a time still gets well-formed calls it can run in order.
    'parallel_tool_calls',
  ]),
  neutral: { service_tier: NEUTRAL_VALUES.service_tier!, verbosity: NEUTRAL_VALUES.verbosity! },
};

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

function responseFormat(format: unknown, config: Json): void {
  if (format === undefined || format === null) return;
  if (!isObject(format) || !['text', 'json_object', 'json_schema'].includes(String(format.type))) {
    throw GatewayError.invalidRequest('response_format.type must be "text", "json_object" or "json_schema"', 'invalid_value', 'response_format.type');
  }
  if (format.type === 'text') return;
  config.responseMimeType = 'application/json';
  const schema = isObject(format.json_schema) ? toOpenApiSchema(format.json_schema.schema) : undefined;
  if (schema) config.responseSchema = schema;
}

/** True for the Gemini 3 family, which takes a thinking level (2.5 takes a token budget). */
const takesThinkingLevel = (model: string) => /(^|\/)gemini-3/.test(model);

/**
 * ChatRequest.reasoning → `thinkingConfig`: a budget as `thinkingBudget` (every thinking model takes
 * one; -1 lets the model decide), an effort as Gemini 3's `thinkingLevel` or, for 2.5, the budget
 * the effort stands for. The thoughts are asked for (`includeThoughts`) unless reasoning is off.
 */
function thinkingConfig(r: ReasoningConfig, model: string, provider: string): Json {
  const config: Json = {};
  if (r.budgetTokens !== undefined) config.thinkingBudget = r.budgetTokens;
  else if (r.effort !== undefined && takesThinkingLevel(model)) {
    if (r.effort === 'none') throw reasoningRefused(provider, 'reasoning effort "none" for a Gemini 3 model (its thinking cannot be turned off; "minimal" is the least)');
    config.thinkingLevel = r.effort === 'xhigh' ? 'high' : r.effort;
  } else if (r.effort !== undefined) config.thinkingBudget = BUDGET_FOR_EFFORT[r.effort];
  else if (r.adaptive && !takesThinkingLevel(model)) config.thinkingBudget = -1;
  if (config.thinkingBudget !== 0) config.includeThoughts = true;
  return config;
}

function generationConfig(params: Json): Json {
  const config: Json = {};
  const set = (key: string, value: unknown) => {
    if (value !== undefined) config[key] = value;
  };
  set('temperature', num(params.temperature));
  set('topP', num(params.top_p));
  set('topK', num(params.top_k));
  set('maxOutputTokens', num(params.max_completion_tokens) ?? num(params.max_tokens));
  set('candidateCount', num(params.n));
  set('seed', num(params.seed));
  set('presencePenalty', num(params.presence_penalty));
  set('frequencyPenalty', num(params.frequency_penalty));
  const stop = params.stop;
  if (typeof stop === 'string') config.stopSequences = [stop];
  else if (Array.isArray(stop) && stop.length > 0) config.stopSequences = stop.filter((s) => typeof s === 'string');

  responseFormat(params.response_format, config);
  return config;
}

function tools(params: Json): Json[] | undefined {
  if (!Array.isArray(params.tools)) return undefined;
  const declarations = params.tools.flatMap((tool: unknown, i) => {
    if (!isObject(tool) || tool.type !== 'function') return [];
    const fn = tool.function;
    if (!isObject(fn) || typeof fn.name !== 'string') {
      throw GatewayError.invalidRequest(`tools[${i}].function.name is required`, 'invalid_value', `tools[${i}].function.name`);
    }
    const declaration: Json = { name: fn.name };
    if (typeof fn.description === 'string') declaration.description = fn.description;
    const parameters = toOpenApiSchema(fn.parameters);
    if (parameters) declaration.parameters = parameters;
    return [declaration];
  });
  return declarations.length > 0 ? [{ functionDeclarations: declarations }] : undefined;
}

function toolConfig(choice: unknown): Json | undefined {
  const mode = { auto: 'AUTO', required: 'ANY', none: 'NONE' }[typeof choice === 'string' ? choice : ''];
  if (mode) return { functionCallingConfig: { mode } };
  const name = isObject(choice) && isObject(choice.function) ? choice.function.name : undefined;
  if (typeof name === 'string') return { functionCallingConfig: { mode: 'ANY', allowedFunctionNames: [name] } };
  return undefined;
}

export function toGeminiChatBody(req: ChatRequest, provider = req.provider): Json {
  checkParams(provider, req.params, GEMINI_PARAMS);
  const { contents, systemInstruction } = toGeminiMessages(req.messages);
  if (contents.length === 0) throw GatewayError.invalidRequest('Gemini needs at least one user or assistant message', 'invalid_value', 'messages');
  const body: Json = { contents };
  if (systemInstruction) body.systemInstruction = systemInstruction;
  const config = generationConfig(req.params);
  if (req.reasoning) config.thinkingConfig = thinkingConfig(req.reasoning, req.model, provider);
  if (Object.keys(config).length > 0) body.generationConfig = config;
  const declared = tools(req.params);
  if (declared) {
    body.tools = declared;
    const tc = toolConfig(req.params.tool_choice);
    if (tc) body.toolConfig = tc;
  }
  return body;
}
