import { GatewayError } from '../../errors/gateway-error';
import { batchTranslator } from '../../streams/batch-translator';
import type { Stage } from '../../streams/pull-through';
import type { EventSourceMessage } from '../../streams/decode-sse';
import type { StreamEvent } from '../../types/chat';
import { readStreamEvent } from '../read-wire';
import { parseStreamJson } from '../stream-json';
import { mapFinishReason } from './map-finish-reason';
import { mapUsage } from './map-usage';
import { streamEventSchema, type CohereStreamEventWire } from './wire';

export interface CohereStreamContext {
  provider: string;
  /** Cohere's events do not name the model: the requested one is reported. */
  model: string;
  /** Used when the stream does not open with `message-start`. */
  fallbackId: string;
}

/**
 * Cohere v2 stream events → canonical stream events. Cohere sends one choice, tool calls one after
 * the other (start, argument deltas, end), and the finish reason together with usage in
 * `message-end`, so nothing has to wait for later events.
 */
export function cohereChatStreamTranslator(ctx: CohereStreamContext): Stage<EventSourceMessage[], StreamEvent[]> {
  const { provider } = ctx;
  let started = false;
  let finished = false;
  let toolCalls = 0;

  const start = (out: StreamEvent[], id?: string | null) => {
    if (started) return;
    started = true;
    out.push({ type: 'start', id: id || ctx.fallbackId, created: Math.floor(Date.now() / 1000), model: ctx.model });
  };

  const onEvent = (type: string | undefined, event: CohereStreamEventWire, out: StreamEvent[]): boolean => {
    const message = event.delta?.message;
    switch (type) {
      case 'message-start':
        start(out, event.id);
        return true;
      case 'content-delta': {
        start(out);
        // Reasoning models stream their `thinking` blocks here too, before the text.
        const content = message?.content;
        const piece = content && !Array.isArray(content) ? content : undefined;
        if (piece?.thinking) out.push({ type: 'reasoning-delta', index: 0, text: piece.thinking });
        if (piece?.text) out.push({ type: 'text-delta', index: 0, text: piece.text });
        return true;
      }
      case 'tool-call-start':
      case 'tool-call-delta': {
        start(out);
        const raw = message?.tool_calls;
        const fragment = Array.isArray(raw) ? raw[0] : raw;
        if (type === 'tool-call-start') toolCalls++;
        out.push({
          type: 'tool-call-delta',
          index: 0,
          toolCallIndex: Math.max(toolCalls - 1, 0),
          ...(type === 'tool-call-start' && fragment?.id ? { id: fragment.id } : {}),
          ...(type === 'tool-call-start' && fragment?.function?.name ? { name: fragment.function.name } : {}),
          argumentsDelta: fragment?.function?.arguments ?? '',
        });
        return true;
      }
      case 'message-end': {
        start(out);
        if (finished) return true;
        finished = true;
        const usage = mapUsage(event.delta?.usage);
        out.push({ type: 'finish', index: 0, finishReason: mapFinishReason(event.delta?.finish_reason), ...(usage ? { usage } : {}) });
        return true;
      }
      default:
        // content-start/-end, tool-plan-delta, tool-call-end, citations, debug: nothing to emit.
        // A bare `{ message }` (no type, or an `error` event) is Cohere reporting an error mid-stream.
        if (event.message !== undefined && (!type || type === 'error')) {
          out.push({ type: 'error', error: new GatewayError({ status: 502, type: 'upstream_error', message: event.message, retryable: true, provider }) });
        }
        return true;
    }
  };

  /** Translates one message into `out`; false when the stream cannot go on. */
  const translate = (message: EventSourceMessage, out: StreamEvent[]): boolean => {
    const json = parseStreamJson(message.data, provider, out);
    if (json === undefined) return false;
    const event = readStreamEvent(json, streamEventSchema, provider, out);
    if (!event) return false;
    return onEvent(event.type ?? message.event, event, out);
  };

  return batchTranslator({ translate });
}
