import type { GatewayError } from '../../errors/gateway-error';
import type { ChatResponse, ReasoningPart } from '../../types/chat';
import type { ExtraFields } from '../dialect';
import { anthropicUsage } from './anthropic-usage';
import { anthropicStopReason } from './stop-reason';

/**
 * Canonical response → Anthropic's `message`. The gateway's facts ride in `extra_fields`, a member
 * Anthropic's SDKs pass through untouched (as Bifrost sends it).
 */
export function encodeMessagesResponse(res: ChatResponse, extraFields: ExtraFields): Record<string, unknown> {
  const choice = res.choices[0];
  // Thinking first, as Anthropic orders a message's blocks.
  const content: Record<string, unknown>[] = (choice?.message.reasoning ?? []).flatMap(thinkingBlock);
  const text = typeof choice?.message.content === 'string' ? choice.message.content : '';
  if (text) content.push({ type: 'text', text });
  for (const tc of choice?.message.tool_calls ?? []) {
    content.push({ type: 'tool_use', id: tc.id, name: tc.function.name, input: parseArguments(tc.function.arguments) });
  }
  return {
    id: res.id.startsWith('msg_') ? res.id : `msg_${res.id}`,
    type: 'message',
    role: 'assistant',
    model: res.model,
    content,
    stop_reason: choice ? anthropicStopReason(choice.finishReason) : 'end_turn',
    stop_sequence: null,
    usage: anthropicUsage(res.usage),
    extra_fields: extraFields,
  };
}

/**
 * A reasoning part as Anthropic's block: `thinking` with its signature, `redacted_thinking` with its
 * data. Parts another provider family produced go out as thinking with an empty signature (their
 * text is all an Anthropic client can use, and the empty signature tells this dialect, when the
 * client sends the turn back, that there is nothing to verify); another family's opaque-only parts
 * (OpenAI encrypted_content) have no Anthropic form and are left out.
 */
export function thinkingBlock(part: ReasoningPart): Record<string, unknown>[] {
  const ours = part.source === 'anthropic';
  if (part.redacted !== undefined) return ours ? [{ type: 'redacted_thinking', data: part.redacted }] : [];
  return [{ type: 'thinking', thinking: part.text, signature: ours ? (part.signature ?? '') : '' }];
}

export function parseArguments(args: string): unknown {
  try {
    return JSON.parse(args || '{}');
  } catch {
    return {};
  }
}

const ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  529: 'overloaded_error',
};

/** Anthropic's error body: `{ type: 'error', error: { type, message } }`, typed by status. */
export function anthropicErrorBody(err: GatewayError): Record<string, unknown> {
  const type = ERROR_TYPES[err.status] ?? (err.status >= 500 ? 'api_error' : 'invalid_request_error');
  return { type: 'error', error: { type, message: err.message } };
}
