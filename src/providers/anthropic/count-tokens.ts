import type { CountTokensRequest, CountTokensResponse } from '../../types/chat';
import { chatToCount } from '../count-tokens-request';
import { invalidUpstream } from '../upstream-errors';
import { toAnthropicChatBody } from './chat';
import { countTokensSchema } from './wire';

/** What `POST /v1/messages/count_tokens` takes of a Messages body (its documented fields); generation settings are not among them. */
const COUNTED = ['model', 'messages', 'system', 'tools', 'tool_choice', 'output_config', 'cache_control', 'context_management', 'mcp_servers', 'speed'];

/** The body of `POST /v1/messages/count_tokens`: what the Messages API would be sent, minus generation settings. */
export function toAnthropicCountBody(req: CountTokensRequest): Record<string, unknown> {
  const body = toAnthropicChatBody(chatToCount(req), false);
  return Object.fromEntries(COUNTED.flatMap((name) => (body[name] === undefined ? [] : [[name, body[name]]])));
}

export function fromAnthropicCount(provider: string, req: CountTokensRequest, json: unknown): CountTokensResponse {
  const parsed = countTokensSchema.safeParse(json);
  if (!parsed.success) throw invalidUpstream(provider, 'invalid_upstream_response', 'sent a token count that does not parse');
  return { kind: 'count_tokens', model: req.model, provider, inputTokens: parsed.data.input_tokens, estimated: false };
}
