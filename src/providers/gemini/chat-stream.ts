import { batchTranslator } from '../../streams/batch-translator';
import type { Stage } from '../../streams/pull-through';
import type { EventSourceMessage } from '../../streams/decode-sse';
import type { FinishReason, StreamEvent, Usage } from '../../types/chat';
import { readStreamEvent } from '../read-wire';
import { parseStreamJson } from '../stream-json';
import { invalidStreamEvent } from '../upstream-errors';
import type { GeminiResponseContext } from './chat-response';
import { mapFinishReason } from './map-finish-reason';
import { contentBlockedError, mapGeminiStreamError } from './map-error';
import { mapUsage } from './map-usage';
import { PartialFunctionCall } from './partial-function-call';
import { plainGenerateContent } from './plain-generate-content';
import { toToolCall } from './translate-parts';
import { errorBodySchema, type FunctionCallWire, generateContentResponseSchema } from './wire';

interface CandidateState {
  toolCalls: number;
  finish?: FinishReason;
  finished: boolean;
  /** A call whose arguments are still streaming in pieces, and the signature its first piece carried. */
  partial?: PartialFunctionCall;
  partialSignature?: string;
  /** A thought part is open (reasoning deltas went out and nothing closed them yet). */
  thinking: boolean;
}

/**
 * Gemini SSE chunks (each a whole GenerateContentResponse) → canonical stream events. Text parts
 * become text deltas, thought parts reasoning deltas, a part's thoughtSignature a reasoning end
 * (on a call: the call's signature); a function call becomes one tool-call delta with id, name and all its
 * arguments, once whole: as it arrives, or, when its arguments stream in pieces (`partialArgs`),
 * once the pieces are assembled. Every chunk repeats the usage so far: finishes wait until every
 * candidate seen has stopped and a chunk carried usage, so they carry the final count; `flush`
 * emits any left.
 */
export function geminiChatStreamTranslator(ctx: GeminiResponseContext): Stage<EventSourceMessage[], StreamEvent[]> {
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
    const chunk = readStreamEvent(json, generateContentResponseSchema, provider, out, plainGenerateContent);
    if (!chunk) return false;
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
      if (!state) candidates.set(index, (state = { toolCalls: 0, finished: false, thinking: false }));
      const emit = (call: FunctionCallWire, signature: string | undefined) => {
        const toolCallIndex = state.toolCalls++;
        const tc = toToolCall(call, toolCallIndex);
        out.push({ type: 'tool-call-delta', index, toolCallIndex, id: tc.id, name: tc.function.name, argumentsDelta: tc.function.arguments, ...(signature ? { signature } : {}) });
      };
      const emitPartial = () => {
        if (state.partial) emit(state.partial.whole(), state.partialSignature);
        state.partial = undefined;
        state.partialSignature = undefined;
      };
      // Thoughts stream first; the answer (text or a call) beginning closes them.
      const endThoughts = () => {
        if (state.thinking) out.push({ type: 'reasoning-end', index });
        state.thinking = false;
      };
      /** One functionCall part; false when a piece cannot be placed. */
      const onCall = (call: FunctionCallWire, signature: string | undefined): boolean => {
        // A piece of the call in progress (no name of its own), or the empty part that closes it.
        const partial = state.partial && (!call.name || call.name === state.partial.name) ? state.partial : undefined;
        // Another call begins: the open one is as whole as it will get.
        if (state.partial && !partial) emitPartial();
        const streamed = partial ?? (call.willContinue || call.partialArgs?.length ? new PartialFunctionCall(call.id ?? undefined, call.name ?? '', call.args) : undefined);
        if (!streamed) {
          if (call.name) emit(call, signature);
          return true;
        }
        if (!streamed.apply(call.partialArgs ?? [])) {
          out.push(invalidStreamEvent(provider, `sent a function call piece with a path it cannot place`));
          return false;
        }
        // The call's signature rides on its first piece, the one with its name.
        if (!partial) state.partialSignature = signature;
        state.partial = streamed;
        if (call.willContinue !== true) emitPartial();
        return true;
      };
      for (const part of candidate.content?.parts ?? []) {
        const signature = part.thoughtSignature ?? undefined;
        if (part.thought) {
          if (part.text) out.push({ type: 'reasoning-delta', index, text: part.text });
          state.thinking = true;
          if (signature) {
            out.push({ type: 'reasoning-end', index, signature, source: 'gemini' });
            state.thinking = false;
          }
          continue;
        }
        endThoughts();
        if (part.functionCall) {
          if (!onCall(part.functionCall, signature)) {
            failed = true;
            return;
          }
          continue;
        }
        if (part.text) out.push({ type: 'text-delta', index, text: part.text });
        // A signature on a text part (often an empty one at the end) is reasoning of its own.
        if (signature) out.push({ type: 'reasoning-end', index, signature, source: 'gemini' });
      }
      if (candidate.finishReason) {
        // A call still open when its candidate stops is as whole as it will get.
        endThoughts();
        emitPartial();
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
