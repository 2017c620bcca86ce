import type { ChatResponse } from '../../types/chat';
import { readAnswer } from '../read-wire';
import { invalidUpstream } from '../upstream-errors';
import { mapFinishReason } from './map-finish-reason';
import { contentBlockedError } from './map-error';
import { mapUsage } from './map-usage';
import { toToolCall, readParts } from './translate-parts';
import { plainGenerateContent } from './plain-generate-content';
import { generateContentResponseSchema } from './wire';

export interface GeminiResponseContext {
  provider: string;
  /** The model asked for: Gemini's `modelVersion` replaces it when present. */
  model: string;
  requestId: string;
}

/**
 * A GenerateContentResponse → the canonical response. A blocked prompt (no candidates) throws; a
 * candidate stopped by SAFETY with nothing in it stays a completion with `content: null` and finish
 * `content_filter`, as OpenAI reports its own filter: the request was fine, the answer was withheld,
 * and clients already know to look at the finish reason.
 */
export function fromGeminiChatResponse(ctx: GeminiResponseContext, json: unknown): ChatResponse {
  const wire = readAnswer(json, generateContentResponseSchema, ctx.provider, 'sent a response', plainGenerateContent);
  const candidates = wire.candidates ?? [];
  const blockReason = wire.promptFeedback?.blockReason;
  if (candidates.length === 0 && blockReason) throw contentBlockedError(ctx.provider, blockReason, wire.promptFeedback?.blockReasonMessage);
  if (candidates.length === 0) throw invalidUpstream(ctx.provider, 'invalid_upstream_response', 'sent a response without candidates');

  const usage = mapUsage(wire.usageMetadata);
  return {
    kind: 'chat',
    id: wire.responseId ?? `chatcmpl-${ctx.requestId}`,
    created: Math.floor(Date.now() / 1000),
    model: wire.modelVersion ?? ctx.model,
    provider: ctx.provider,
    choices: candidates.map((c, i) => {
      const { texts, calls, reasoning } = readParts(c);
      return {
        index: c.index ?? i,
        message: {
          role: 'assistant',
          content: texts.length > 0 ? texts.join('') : null,
          ...(calls.length > 0 ? { tool_calls: calls.map((sc, n) => toToolCall(sc.call, n, sc.signature)) } : {}),
          ...(reasoning.length > 0 ? { reasoning } : {}),
        },
        finishReason: mapFinishReason(c.finishReason, calls.length > 0),
      };
    }),
    ...(usage ? { usage } : {}),
  };
}
