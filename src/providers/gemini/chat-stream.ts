import { batchTranslator } from '../../streams/batch-translator';
import type { EventSourceMessage } from '../../streams/decode-sse';
import type { FinishReason, StreamEvent, Usage } from '../../types/chat';
import { parseStreamJson } from '../stream-json';
import { invalidStreamEvent } from '../upstream-errors';
import type { GeminiResponseContext } from './chat-response';
import { mapFinishReason } from './map-finish-reason';
import { contentBlockedError, mapGeminiStreamError } from './map-error';
import { mapUsage } from './map-usage';
import { PartialFunctionCall } from './partial-function-call';
import { readParts, toToolCall } from './translate-parts';
import { errorBodySchema, type FunctionCallWire, generateContentResponseSchema } from './wire';

interface CandidateState {
  toolCalls: number;
  finish?: FinishReason;
  finished: boolean;
  /** A call whose arguments are still streaming in pieces. */
  partial?: PartialFunctionCall;
}

/**
 * Gemini SSE chunks (each a whole GenerateContentResponse) → canonical stream events. Text parts
 * become text deltas; a function call becomes one tool-call delta with id, name and all its
 * arguments, once whole: as it arrives, or, when its arguments stream in pieces (`partialArgs`),
 * once the pieces are assembled. Every chunk repeats the usage so far: finishes wait until every
 * candidate seen has stopped and a chunk carried usage, so they carry the final count; `flush`
 * emits any left.
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
    let failed = false;
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
      const emit = (call: FunctionCallWire) => {
        const toolCallIndex = state.toolCalls++;
        const tc = toToolCall(call, toolCallIndex);
        out.push({ type: 'tool-call-delta', index, toolCallIndex, id: tc.id, name: tc.function.name, argumentsDelta: tc.function.arguments });
      };
      for (const call of calls) {
        // A piece of the call in progress (no name of its own), or the empty part that closes it.
        const partial = state.partial && (!call.name || call.name === state.partial.name) ? state.partial : undefined;
        // Another call begins: the open one is as whole as it will get.
        if (state.partial && !partial) emit(state.partial.whole());
        state.partial = undefined;
        const streamed = partial ?? (call.willContinue || call.partialArgs?.length ? new PartialFunctionCall(call.id ?? undefined, call.name ?? '', call.args) : undefined);
        if (!streamed) {
          if (call.name) emit(call);
          continue;
        }
        if (!streamed.apply(call.partialArgs ?? [])) {
          out.push(invalidStreamEvent(provider, `sent a function call piece with a path it cannot place`));
          failed = true;
          return;
        }
        state.partial = streamed;
        if (call.willContinue !== true) {
          emit(streamed.whole());
          state.partial = undefined;
        }
      }
      if (candidate.finishReason) {
        // A call still open when its candidate stops is as whole as it will get.
        if (state.partial) emit(state.partial.whole());
        state.partial = undefined;
        state.finish = mapFinishReason(candidate.finishReason, state.toolCalls > 0);
      }
    });
    if (failed) return false;
    if (chunk.usageMetadata) {
      usage = mapUsage(chunk.usageMetadata);
      if ([...candidates.values()].every((s) => s.finish)) emitFinishes(out);
    }
    return true;
  };

  return batchTranslator({ translate, flush: emitFinishes });
}
