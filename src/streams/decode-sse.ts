import { createParser, type EventSourceMessage } from 'eventsource-parser';

import { pullBytes } from './pull-through';

export type { EventSourceMessage };

/**
 * Upstream bytes → SSE messages, one batch per upstream read. Nothing waits for more data than has
 * arrived, and a burst of events (a fast provider, a replay) moves through every later stage as one
 * unit instead of paying each stage's per-chunk cost once per event.
 */
export function decodeSse(body: ReadableStream<Uint8Array>): ReadableStream<EventSourceMessage[]> {
  const decoder = new TextDecoder();
  let batch: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (message) => void batch.push(message) });
  const flushBatch = (enqueue: (messages: EventSourceMessage[]) => void) => {
    if (batch.length === 0) return;
    enqueue(batch);
    batch = [];
  };
  return pullBytes<EventSourceMessage[]>(body, {
    transform(bytes, enqueue) {
      parser.feed(decoder.decode(bytes, { stream: true }));
      flushBatch(enqueue);
    },
    flush(enqueue) {
      parser.feed(decoder.decode());
      flushBatch(enqueue);
    },
  });
}
