import type { ChatMessage, ChatRequest, Usage } from '../../types/chat';
import type { WorkersAIToolCallWire, WorkersAIUsageWire } from './wire';

/** Text-only content becomes a string, which every model reads; content with images stays OpenAI parts. */
function content(c: ChatMessage['content']): string | ChatMessage['content'] {
  if (c === null) return '';
  if (typeof c === 'string') return c;
  if (c.every((p) => p.type === 'text')) return c.map((p) => (p.type === 'text' && typeof p.text === 'string' ? p.text : '')).join('');
  return c;
}

export function toWorkersAIMessages(messages: ChatMessage[]): Record<string, unknown>[] {
  return messages.map((m) => ({
    role: m.role === 'developer' ? 'system' : m.role,
    content: content(m.content),
    ...(m.name ? { name: m.name } : {}),
    ...(m.tool_calls ? { tool_calls: m.tool_calls } : {}),
    ...(m.tool_call_id ? { tool_call_id: m.tool_call_id } : {}),
  }));
}

/** Inputs of `AI.run` for a text-generation model: the OpenAI parameters it understands. */
export function toWorkersAIInputs(req: ChatRequest, stream: boolean): Record<string, unknown> {
  const p = req.params;
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
