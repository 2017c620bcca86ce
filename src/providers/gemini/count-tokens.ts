import * as z from '../../zod';
import type { CountTokensRequest, CountTokensResponse } from '../../types/chat';
import { chatToCount } from '../count-tokens-request';
import { invalidUpstream } from '../upstream-errors';
import { toGeminiChatBody } from './chat-request';
import { geminiModelId } from './urls';

/** `models/{model}:countTokens` with the whole generateContent request, so system and tools count too. */
export function toGeminiCountBody(req: CountTokensRequest): Record<string, unknown> {
  return { generateContentRequest: { model: `models/${geminiModelId(req.model)}`, ...toGeminiChatBody(chatToCount(req)) } };
}

const countSchema = z.looseObject({ totalTokens: z.number().check(z.int(), z.nonnegative()) });

export function fromGeminiCount(provider: string, req: CountTokensRequest, json: unknown): CountTokensResponse {
  const parsed = countSchema.safeParse(json);
  if (!parsed.success) throw invalidUpstream(provider, 'invalid_upstream_response', 'sent a token count that does not parse');
  return { kind: 'count_tokens', model: req.model, provider, inputTokens: parsed.data.totalTokens, estimated: false };
}
