import { GatewayError } from '../../errors/gateway-error';
import type { ChatRequest } from '../../types/chat';
import { toGeminiMessages } from './convert-messages';
import { toOpenApiSchema } from './to-openapi-schema';

// The canonical request → a GenerateContentRequest. Parameters Gemini has no word for (user,
// parallel_tool_calls, logit_bias, …) are left out rather than failing the call.

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);

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

  const format = params.response_format;
  if (isObject(format) && (format.type === 'json_object' || format.type === 'json_schema')) {
    config.responseMimeType = 'application/json';
    const schema = isObject(format.json_schema) ? toOpenApiSchema(format.json_schema.schema) : undefined;
    if (schema) config.responseSchema = schema;
  }
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

export function toGeminiChatBody(req: ChatRequest): Json {
  const { contents, systemInstruction } = toGeminiMessages(req.messages);
  if (contents.length === 0) throw GatewayError.invalidRequest('Gemini needs at least one user or assistant message', 'invalid_value', 'messages');
  const body: Json = { contents };
  if (systemInstruction) body.systemInstruction = systemInstruction;
  const config = generationConfig(req.params);
  if (Object.keys(config).length > 0) body.generationConfig = config;
  const declared = tools(req.params);
  if (declared) {
    body.tools = declared;
    const tc = toolConfig(req.params.tool_choice);
    if (tc) body.toolConfig = tc;
  }
  return body;
}
