import { GatewayError } from '../../errors/gateway-error';
import { batchTranslator } from '../../streams/batch-translator';
import type { Stage } from '../../streams/pull-through';
import type { EventSourceMessage } from '../../streams/decode-sse';
import type { FinishReason, StreamEvent, Usage } from '../../types/chat';
import { readStreamEvent } from '../read-wire';
import { parseStreamJson } from '../stream-json';
import { mapFinishReason } from './map-finish-reason';
import { plainChunk } from './plain-wire';
import { detailEvents } from './reasoning-details';
import { chatChunkSchema, errorBodySchema } from './wire';

/**
 * Which call a tool-call delta belongs to: its `index` when the provider sends one (OpenAI), else,
 * as Mistral streams them, a delta with a new `id` starts the next call and one without an id
 * continues the last.
 */
function toolCallIndexer() {
  const byChoice = new Map<number, { id: string | undefined; index: number }>();
  return (choice: number, tc: { index?: number | null; id?: string | null }): number => {
    if (tc.index != null) return tc.index;
    const last = byChoice.get(choice);
    if (last && (!tc.id || tc.id === last.id)) return last.index;
    const next = { id: tc.id ?? undefined, index: last ? last.index + 1 : 0 };
    byChoice.set(choice, next);
    return next.index;
  };
}

/**
 * OpenAI chat chunks → canonical stream events. Finish events wait for the trailing usage chunk
 * (always requested upstream) so they carry usage; `flush` emits them if usage never came.
 */
export function openAIChatStreamTranslator(provider: string): Stage<EventSourceMessage[], StreamEvent[]> {
  let started = false;
  const finishes = new Map<number, FinishReason>();
  let usage: Usage | undefined;
  const toolCallIndex = toolCallIndexer();
  /** Per choice: the format OpenRouter's reasoning details last named. */
  const formats = new Map<number, string>();

  const emitFinishes = (out: StreamEvent[]) => {
    for (const [index, finishReason] of finishes) out.push({ type: 'finish', index, finishReason, ...(usage ? { usage } : {}) });
    finishes.clear();
  };

  /** Translates one message into `out`; false when the stream cannot go on. */
  const translate = (message: EventSourceMessage, out: StreamEvent[]): boolean => {
    if (message.data === '[DONE]') return true;
    const json = parseStreamJson(message.data, provider, out);
    if (json === undefined) return false;
    // Only a body with an `error` member can be an error event: skip that parse for every chunk.
    const upstreamError = json && typeof json === 'object' && 'error' in json ? errorBodySchema.safeParse(json) : undefined;
    if (upstreamError?.success) {
      const e = upstreamError.data.error;
      out.push({
        type: 'error',
        error: new GatewayError({ status: 502, type: e.type ?? 'upstream_error', code: e.code == null ? null : String(e.code), message: e.message, provider, retryable: true }),
      });
      return true;
    }
    const chunk = readStreamEvent(json, chatChunkSchema, provider, out, plainChunk);
    if (!chunk) return false;
    if (!started) {
      started = true;
      out.push({ type: 'start', id: chunk.id, created: chunk.created, model: chunk.model });
    }
    for (const choice of chunk.choices) {
      const { delta } = choice;
      // Reasoning comes before the answer text it leads to, in the same chunk or earlier ones.
      const thought = delta.reasoning_content ?? delta.reasoning;
      if (thought) out.push({ type: 'reasoning-delta', index: choice.index, text: thought });
      if (delta.reasoning_details?.length) detailEvents(choice.index, delta.reasoning_details, thought != null, out, formats);
      const text = delta.content ?? choice.text;
      if (text) out.push({ type: 'text-delta', index: choice.index, text });
      for (const tc of delta.tool_calls ?? []) {
        out.push({
          type: 'tool-call-delta',
          index: choice.index,
          toolCallIndex: toolCallIndex(choice.index, tc),
          ...(tc.id ? { id: tc.id } : {}),
          ...(tc.function?.name ? { name: tc.function.name } : {}),
          argumentsDelta: tc.function?.arguments ?? '',
        });
      }
      if (choice.finish_reason) finishes.set(choice.index, mapFinishReason(choice.finish_reason));
    }
    if (chunk.usage) {
      usage = chunk.usage;
      emitFinishes(out);
    }
    return true;
  };

  return batchTranslator({ translate, flush: emitFinishes });
}
