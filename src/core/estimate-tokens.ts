import type { CountTokensRequest, CountTokensResponse } from '../types/chat';

/**
 * A token count for a provider without a counter: about 4 characters a token for English text
 * (OpenAI's own rule of thumb), over the messages' text and the tools' JSON, plus a few tokens of
 * framing per message. Flagged `estimated`, so a client can tell it from a provider's count.
 */
export function estimateTokens(req: CountTokensRequest): CountTokensResponse {
  let chars = 0;
  for (const m of req.messages) {
    chars += 16;
    if (typeof m.content === 'string') chars += m.content.length;
    else if (m.content) for (const part of m.content) chars += part.type === 'text' ? String((part as { text?: unknown }).text ?? '').length : JSON.stringify(part).length;
    for (const tc of m.tool_calls ?? []) chars += tc.function.name.length + tc.function.arguments.length;
  }
  if (req.params.tools !== undefined) chars += JSON.stringify(req.params.tools).length;
  return { kind: 'count_tokens', model: req.model, provider: req.provider, inputTokens: Math.ceil(chars / 4), estimated: true };
}
