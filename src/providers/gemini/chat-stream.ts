import { batchTranslator } from '../../streams/batch-translator';
import type { EventSourceMessage } from '../../streams/decode-sse';
import type { FinishReason, StreamEvent, Usage } from '../../types/chat';
import { parseStreamJson } from '../stream-json';
import { invalidStreamEvent } from '../upstream-errors';
import type { GeminiResponseContext } from './chat-response';
import { mapFinishReason } from './map-finish-reason';
import { contentBlockedError, mapGeminiStreamError } from './map-error';
import { mapUsage } from './map-usage';
import { readParts, toToolCall } from './translate-parts';
import { errorBodySchema, generateContentResponseSchema } from './wire';

interface CandidateState {
  toolCalls: number;
  finish?: FinishReason;
  finished: boolean;
}

/**
 * Gemini SSE chunks (each a whole GenerateContentResponse) → canonical stream events. Text parts
 * become text deltas; a function call arrives whole, so it becomes one tool-call delta with id, name
 * and all its arguments. Every chunk repeats the usage so far: finishes wait until every candidate
 * seen has stopped and a chunk carried usage, so they carry the final count; `flush` emits any left.
 */
export function geminiChatStreamTranslator(ctx: GeminiResponseContext): TransformStream<EventSourceMessage[], StreamEvent[]> {
  const { provider } = ctx;
  let started = false;
  const candidates = new Map<number, CandidateState>();
  let usage: Usage | undefined;

  const emitFinishes = (out: StreamEvent[]) => {
    for (const [index, state] of candidates) {
      if (!state.finish || state.finished) continue;
      state.finished = true;
      out.push({ type: 'finish', index, finishReason: state.finish, ...(usage ? { usage } : {}) });
    }
  };

  /** Translates one message into `out`; false when the stream cannot go on. */
  const translate = (message: EventSourceMessage, out: StreamEvent[]): boolean => {
    const json = parseStreamJson(message.data, provider, out);
    if (json === undefined) return false;
    // Only a body with an `error` member can be an error event: skip that parse for every chunk.
    const upstreamError = json && typeof json === 'object' && 'error' in json ? errorBodySchema.safeParse(json) : undefined;
    if (upstreamError?.success) {
      out.push({ type: 'error', error: mapGeminiStreamError(provider, upstreamError.data.error) });
      return false;
    }
    const parsed = generateContentResponseSchema.safeParse(json);
    if (!parsed.success) {
      out.push(invalidStreamEvent(provider, 'sent a chunk that does not parse'));
      return false;
    }
    const chunk = parsed.data;
    const blockReason = chunk.promptFeedback?.blockReason;
    if (blockReason && !chunk.candidates?.length) {
      out.push({ type: 'error', error: contentBlockedError(provider, blockReason, chunk.promptFeedback?.blockReasonMessage) });
      return false;
    }
    if (!started) {
      started = true;
      out.push({ type: 'start', id: chunk.responseId ?? `chatcmpl-${ctx.requestId}`, created: Math.floor(Date.now() / 1000), model: chunk.modelVersion ?? ctx.model });
    }
    (chunk.candidates ?? []).forEach((candidate, position) => {
      const index = candidate.index ?? position;
      let state = candidates.get(index);
      if (!state) candidates.set(index, (state = { toolCalls: 0, finished: false }));
      const { texts, calls } = readParts(candidate);
      for (const text of texts) out.push({ type: 'text-delta', index, text });
      for (const call of calls) {
        const toolCallIndex = state.toolCalls++;
        const tc = toToolCall(call, toolCallIndex);
        out.push({ type: 'tool-call-delta', index, toolCallIndex, id: tc.id, name: tc.function.name, argumentsDelta: tc.function.arguments });
      }
      if (candidate.finishReason) state.finish = mapFinishReason(candidate.finishReason, state.toolCalls > 0);
    });
    if (chunk.usageMetadata) {
      usage = mapUsage(chunk.usageMetadata);
      if ([...candidates.values()].every((s) => s.finish)) emitFinishes(out);
    }
    return true;
  };

  return batchTranslator({ translate, flush: emitFinishes });
}
