import type { GatewayError } from '../../errors/gateway-error';
import type { ChatResponse } from '../../types/chat';
import type { ExtraFields } from '../dialect';
import { anthropicStopReason } from './stop-reason';

/**
 * Canonical response → Anthropic's `message`. The gateway's facts ride in `extra_fields`, a member
 * Anthropic's SDKs pass through untouched (as Bifrost sends it).
 */
export function encodeMessagesResponse(res: ChatResponse, extraFields: ExtraFields): Record<string, unknown> {
  const choice = res.choices[0];
  const content: Record<string, unknown>[] = [];
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
    usage: { input_tokens: res.usage?.prompt_tokens ?? 0, output_tokens: res.usage?.completion_tokens ?? 0 },
    extra_fields: extraFields,
  };
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
