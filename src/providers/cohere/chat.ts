import { GatewayError } from '../../errors/gateway-error';
import type { ChatRequest, ChatResponse, ReasoningConfig, ToolCall } from '../../types/chat';
import { ANSWER_NEUTRAL_PARAMS, checkParams, NEUTRAL_VALUES, type ParamPolicy } from '../param-policy';
import { requestedBudget } from '../reasoning-budget';
import { readAnswer } from '../read-wire';
import { toCohereMessages } from './convert-messages';
import { mapFinishReason } from './map-finish-reason';
import { mapUsage } from './map-usage';
import { chatResponseSchema } from './wire';

/** Every canonical parameter Cohere is sent, and those left out on purpose; any other is a 400. */
const COHERE_PARAMS: ParamPolicy = {
  mapped: new Set([
    'temperature', 'top_p', 'top_k', 'max_tokens', 'max_completion_tokens', 'stop', 'seed', 'frequency_penalty', 'presence_penalty', 'response_format', 'tools', 'tool_choice',
  ]),
  ignored: new Set([
    ...ANSWER_NEUTRAL_PARAMS,
    // Cohere has no switch for it; a client that asked for one call at a time still gets
    // well-formed calls it can run in order.
    'parallel_tool_calls',
  ]),
  neutral: NEUTRAL_VALUES,
};

interface OpenAITool { type?: string; function?: { name?: string; description?: string; parameters?: unknown } }

const isTool = (t: unknown): t is OpenAITool & { function: { name: string } } =>
  typeof t === 'object' && t !== null && typeof (t as OpenAITool).function?.name === 'string';

/**
 * Cohere has no "call this one tool" choice: a named tool_choice keeps only that tool and makes
 * a call REQUIRED; `auto` is Cohere's default and is left out.
 */
function toolFields(params: Record<string, unknown>): Record<string, unknown> {
  const all = Array.isArray(params.tools) ? params.tools.filter(isTool) : [];
  const choice = params.tool_choice;
  const named = typeof choice === 'object' && choice !== null ? (choice as OpenAITool).function?.name : undefined;
  const tools = (named ? all.filter((t) => t.function.name === named) : all).map((t) => ({
    type: 'function',
    function: {
      name: t.function.name,
      ...(t.function.description !== undefined ? { description: t.function.description } : {}),
      ...(t.function.parameters !== undefined ? { parameters: t.function.parameters } : {}),
    },
  }));
  const out: Record<string, unknown> = {};
  if (tools.length > 0) out.tools = tools;
  if (choice === 'required' || named) out.tool_choice = 'REQUIRED';
  else if (choice === 'none') out.tool_choice = 'NONE';
  return out;
}

/** OpenAI's `json_object` / `json_schema` → Cohere's `json_object` with an optional schema. */
function responseFormat(format: unknown): Record<string, unknown> | undefined {
  if (format === undefined || format === null) return undefined;
  const f = (typeof format === 'object' ? format : {}) as { type?: string; json_schema?: { schema?: unknown } };
  if (f.type === 'text') return undefined;
  if (f.type === 'json_object') return { type: 'json_object' };
  if (f.type === 'json_schema') return { type: 'json_object', ...(f.json_schema?.schema ? { json_schema: f.json_schema.schema } : {}) };
  throw GatewayError.invalidRequest('response_format.type must be "text", "json_object" or "json_schema"', 'invalid_value', 'response_format.type');
}

/**
 * ChatRequest.reasoning → Cohere's `thinking` (docs.cohere.com/docs/reasoning): off for effort
 * "none" or a zero budget; else on, with a `token_budget` when one is named or an effort below
 * "high" stands for one (Cohere recommends no budget, which "high" and above and adaptive keep).
 */
function thinking(r: ReasoningConfig): Record<string, unknown> {
  const budget = requestedBudget(r);
  if (budget === 0) return { type: 'disabled' };
  const capped = r.budgetTokens !== undefined || (r.effort !== undefined && ['minimal', 'low', 'medium'].includes(r.effort));
  return { type: 'enabled', ...(capped && budget !== undefined ? { token_budget: budget } : {}) };
}

export function toCohereChatBody(req: ChatRequest, stream: boolean, provider = req.provider): Record<string, unknown> {
  const p = req.params;
  checkParams(provider, p, COHERE_PARAMS);
  const body: Record<string, unknown> = { model: req.model, messages: toCohereMessages(req.messages), stream };
  const set = (key: string, value: unknown) => {
    if (value !== undefined && value !== null) body[key] = value;
  };
  set('temperature', p.temperature);
  set('p', p.top_p);
  set('k', p.top_k);
  set('max_tokens', p.max_completion_tokens ?? p.max_tokens);
  set('stop_sequences', typeof p.stop === 'string' ? [p.stop] : p.stop);
  set('seed', p.seed);
  set('frequency_penalty', p.frequency_penalty);
  set('presence_penalty', p.presence_penalty);
  set('response_format', responseFormat(p.response_format));
  Object.assign(body, toolFields(p));
  if (req.reasoning) body.thinking = thinking(req.reasoning);
  return body;
}

export function fromCohereChatResponse(provider: string, model: string, json: unknown): ChatResponse {
  const wire = readAnswer(json, chatResponseSchema, provider, 'sent a chat response');
  const content = wire.message.content ?? [];
  const text = content.flatMap((c) => (c.type === 'text' && c.text !== undefined ? [c.text] : [])).join('');
  // Reasoning models think in `thinking` blocks before the text; Cohere signs none of it.
  const reasoning = content.flatMap((c) => (c.type === 'thinking' && c.thinking ? [{ text: c.thinking }] : []));
  const toolCalls: ToolCall[] | undefined = wire.message.tool_calls?.length
    ? wire.message.tool_calls.map((tc) => ({ id: tc.id, type: 'function', function: { name: tc.function.name, arguments: tc.function.arguments } }))
    : undefined;
  const usage = mapUsage(wire.usage);
  return {
    kind: 'chat',
    id: wire.id,
    // Cohere reports neither a timestamp nor the model that answered.
    created: Math.floor(Date.now() / 1000),
    model,
    provider,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: text || (toolCalls ? null : ''),
          ...(toolCalls ? { tool_calls: toolCalls } : {}),
          ...(reasoning.length > 0 ? { reasoning } : {}),
        },
        finishReason: mapFinishReason(wire.finish_reason),
      },
    ],
    ...(usage ? { usage } : {}),
    ...(wire.message.tool_plan ? { extra: { tool_plan: wire.message.tool_plan } } : {}),
  };
}
