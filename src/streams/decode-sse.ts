import { pullBytes } from './pull-through';
import { type EventSourceMessage, SseParser } from './sse-parser';

export type { EventSourceMessage };

/**
 * Upstream bytes → SSE messages, one batch per upstream read. Nothing waits for more data than has
 * arrived, and a burst of events (a fast provider, a replay) moves through every later stage as one
 * unit instead of paying each stage's per-chunk cost once per event.
 */
export function decodeSse(body: ReadableStream<Uint8Array>): ReadableStream<EventSourceMessage[]> {
  const decoder = new TextDecoder();
  const parser = new SseParser();
  const parse = (text: string, enqueue: (messages: EventSourceMessage[]) => void) => {
    const batch: EventSourceMessage[] = [];
    parser.feed(text, batch);
    if (batch.length > 0) enqueue(batch);
  };
  return pullBytes<EventSourceMessage[]>(body, {
    transform: (bytes, enqueue) => parse(decoder.decode(bytes, { stream: true }), enqueue),
    flush: (enqueue) => parse(decoder.decode(), enqueue),
  });
}
