import type { GatewayError } from '../../errors/gateway-error';
import { tokenUsage } from '../../facts/attempt';
import type { ChatMessage, FinishReason, ReasoningPart, ToolCall, Usage } from '../../types/chat';
import type { ExtraFields } from '../dialect';
import { sealReasoning } from './reasoning-envelope';

// The Responses API's `response` object and its output items, shared by the JSON answer, the
// stream's lifecycle events and GET /v1/responses/{id}. Shapes follow OpenAI's (the recorded
// Azure answer in shared/fixtures/providers/azure-responses).

/** What one response is, fixed when its request parsed: ids, the model asked for, the settings it echoes. */
export interface ResponseShell {
  id: string;
  createdAt: number;
  model: string;
  echo: Record<string, unknown>;
  includeEncrypted: boolean;
  /** Function tools the client sent inside a namespace: their calls carry it back. */
  namespaces: Record<string, string>;
}

export type Item = Record<string, unknown>;

/** Item ids from the response id, so they are unique and stable for one response. */
export const itemId = (shell: ResponseShell, prefix: 'msg' | 'fc' | 'rs', n: number) => `${prefix}_${shell.id.slice('resp_'.length)}${n.toString(16).padStart(4, '0')}`;

export const outputText = (text: string) => ({ type: 'output_text', annotations: [], logprobs: [], text });

export const messageItem = (id: string, status: 'in_progress' | 'completed', text: string | undefined): Item => ({
  id,
  type: 'message',
  status,
  role: 'assistant',
  content: text === undefined ? [] : [outputText(text)],
});

export const functionCallItem = (shell: ResponseShell, id: string, status: 'in_progress' | 'completed', call: Pick<ToolCall, 'id' | 'function'>): Item => {
  const namespace = Object.hasOwn(shell.namespaces, call.function.name) ? shell.namespaces[call.function.name] : undefined;
  return { id, type: 'function_call', status, arguments: call.function.arguments, call_id: call.id, name: call.function.name, ...(namespace !== undefined && { namespace }) };
};

/**
 * A reasoning item with its opaque forms sealed in `encrypted_content`: the stored copy always keeps
 * them (an `item_reference` to it continues the reasoning); `forClient` leaves them out unless the
 * request's `include` asked for `reasoning.encrypted_content`.
 */
export function reasoningItem(id: string, part: ReasoningPart): Item {
  const sealed = sealReasoning(part);
  return { id, type: 'reasoning', summary: part.text ? [{ type: 'summary_text', text: part.text }] : [], ...(sealed !== undefined && { encrypted_content: sealed }) };
}

/** The item as the client is sent it: `encrypted_content` only when it asked. */
export function forClient(includeEncrypted: boolean, item: Item): Item {
  if (includeEncrypted || item.type !== 'reasoning' || !('encrypted_content' in item)) return item;
  const { encrypted_content: _sealed, ...rest } = item;
  return rest;
}

/** An assistant message as output items: its reasoning, its text, its function calls, in that order. */
export function outputItems(shell: ResponseShell, message: ChatMessage): Item[] {
  let n = 0;
  const items: Item[] = [];
  for (const part of message.reasoning ?? []) items.push(reasoningItem(itemId(shell, 'rs', n++), part));
  const text = typeof message.content === 'string' ? message.content : (message.content ?? []).map((p) => (p.type === 'text' ? (p as { text: string }).text : '')).join('');
  if (text) items.push(messageItem(itemId(shell, 'msg', n++), 'completed', text));
  for (const call of message.tool_calls ?? []) items.push(functionCallItem(shell, itemId(shell, 'fc', n++), 'completed', call));
  return items;
}

/** The Responses usage block from canonical usage (its details as the gateway's facts read them). */
export function responsesUsage(usage: Usage | undefined): Record<string, unknown> | null {
  if (!usage) return null;
  const u = tokenUsage(usage);
  return {
    input_tokens: u.input,
    input_tokens_details: { cached_tokens: u.cachedInput ?? 0 },
    output_tokens: u.output,
    output_tokens_details: { reasoning_tokens: u.reasoning ?? 0 },
    total_tokens: u.total,
  };
}

type ResponseStatus = 'in_progress' | 'completed' | 'incomplete' | 'failed';

/** A finish in Responses terms: `length` and `content_filter` leave the response incomplete. */
export function statusOf(finish: FinishReason | undefined): { status: 'completed' | 'incomplete'; incomplete_details: { reason: string } | null } {
  if (finish?.unified === 'length') return { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } };
  if (finish?.unified === 'content_filter') return { status: 'incomplete', incomplete_details: { reason: 'content_filter' } };
  return { status: 'completed', incomplete_details: null };
}

interface ResponseState {
  status: ResponseStatus;
  incompleteDetails?: { reason: string } | null;
  output: Item[];
  usage?: Record<string, unknown> | null;
  model?: string;
  error?: GatewayError;
  extraFields?: ExtraFields;
  /** When the store could not keep the response after all (no D1 bound, or past the size bound). */
  stored?: boolean;
}

export function responseObject(shell: ResponseShell, s: ResponseState): Record<string, unknown> {
  return {
    id: shell.id,
    object: 'response',
    created_at: shell.createdAt,
    status: s.status,
    background: false,
    completed_at: s.status === 'completed' ? Math.floor(Date.now() / 1000) : null,
    error: s.error ? { code: s.error.code ?? 'server_error', message: s.error.message } : null,
    incomplete_details: s.incompleteDetails ?? null,
    max_tool_calls: null,
    model: s.model ?? shell.model,
    output: s.output.map((item) => forClient(shell.includeEncrypted, item)),
    ...shell.echo,
    ...(s.stored === false && { store: false }),
    usage: s.usage ?? null,
    ...(s.extraFields && { extra_fields: s.extraFields }),
  };
}
