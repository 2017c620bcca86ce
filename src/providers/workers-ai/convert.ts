import type { ChatMessage, ChatRequest, Usage } from '../../types/chat';
import { ANSWER_NEUTRAL_PARAMS, checkParams, NEUTRAL_VALUES, type ParamPolicy } from '../param-policy';
import { reasoningRefused } from '../reasoning-budget';
import type { WorkersAIToolCallWire, WorkersAIUsageWire } from './wire';

/** Text-only content becomes a string, which every model reads; content with images stays OpenAI parts. */
function content(c: ChatMessage['content']): string | ChatMessage['content'] {
  if (c === null) return '';
  if (typeof c === 'string') return c;
  if (c.every((p) => p.type === 'text')) return c.map((p) => (p.type === 'text' && typeof p.text === 'string' ? p.text : '')).join('');
  return c;
}

/**
 * Every canonical parameter the AI binding is sent, and those left out on purpose; any other is a
 * 400. `response_format` goes as it is (JSON mode: `json_object`, or `json_schema` with a schema,
 * for the models Workers AI documents it for).
 */
const BINDING_PARAMS: ParamPolicy = {
  mapped: new Set(['max_tokens', 'max_completion_tokens', 'temperature', 'top_p', 'top_k', 'seed', 'frequency_penalty', 'presence_penalty', 'response_format', 'tools']),
  ignored: new Set([
    ...ANSWER_NEUTRAL_PARAMS,
    // The binding takes no switch for it; calls come whole, to be run in order.
    'parallel_tool_calls',
  ]),
  // The binding's models choose tools themselves: only the choice that asks for nothing else.
  neutral: { ...NEUTRAL_VALUES, tool_choice: (v) => v === 'auto' },
};

/** The gateway maps no reasoning control for Workers AI (its chat inputs document none), so a request for one is refused. */
export function refuseReasoning(req: ChatRequest, provider: string): void {
  if (req.reasoning) throw reasoningRefused(provider, 'a reasoning setting (Workers AI chat inputs document none)');
}

export function toWorkersAIMessages(messages: ChatMessage[]): Record<string, unknown>[] {
  return messages.map((m) => ({
    role: m.role === 'developer' ? 'system' : m.role,
    content: content(m.content),
    ...(m.name ? { name: m.name } : {}),
    // Gemini's signature on a call is the gateway's own field: it does not go to another provider.
    ...(m.tool_calls ? { tool_calls: m.tool_calls.map(({ signature: _signature, ...tc }) => tc) } : {}),
    ...(m.tool_call_id ? { tool_call_id: m.tool_call_id } : {}),
  }));
}

/** Inputs of `AI.run` for a text-generation model: the OpenAI parameters it understands. */
export function toWorkersAIInputs(req: ChatRequest, stream: boolean, provider = req.provider): Record<string, unknown> {
  const p = req.params;
  checkParams(provider, p, BINDING_PARAMS);
  refuseReasoning(req, provider);
  const inputs: Record<string, unknown> = { messages: toWorkersAIMessages(req.messages) };
  const set = (key: string, value: unknown) => {
    if (value !== undefined && value !== null) inputs[key] = value;
  };
  set('max_tokens', p.max_completion_tokens ?? p.max_tokens);
  set('temperature', p.temperature);
  set('top_p', p.top_p);
  set('top_k', p.top_k);
  set('seed', p.seed);
  set('frequency_penalty', p.frequency_penalty);
  set('presence_penalty', p.presence_penalty);
  set('response_format', p.response_format);
  if (Array.isArray(p.tools) && p.tools.length > 0) inputs.tools = p.tools;
  if (stream) inputs.stream = true;
  return inputs;
}

/** Older models answer `{ name, arguments: {…} }`, newer ones OpenAI's `{ id, function: { name, arguments: '…' } }`. */
export function toolCallParts(tc: WorkersAIToolCallWire): { id?: string; name?: string; arguments: string } {
  const name = tc.function?.name ?? tc.name;
  const args = tc.function ? tc.function.arguments : tc.arguments;
  return {
    ...(tc.id ? { id: tc.id } : {}),
    ...(name ? { name } : {}),
    arguments: args === undefined || args === null ? '' : typeof args === 'string' ? args : JSON.stringify(args),
  };
}

export function mapUsage(wire: WorkersAIUsageWire): Usage {
  return { ...wire, total_tokens: wire.total_tokens ?? wire.prompt_tokens + wire.completion_tokens };
}

/** The generated text: `response` is usually a string, a number for some Llama 4 answers, an object in JSON mode. */
export function responseText(response: unknown): string {
  if (response === undefined || response === null) return '';
  if (typeof response === 'string') return response;
  if (typeof response === 'number' || typeof response === 'boolean') return String(response);
  return JSON.stringify(response);
}
