import { createParser, type EventSourceMessage } from 'eventsource-parser';

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
  const flushBatch = (controller: TransformStreamDefaultController<EventSourceMessage[]>) => {
    if (batch.length === 0) return;
    controller.enqueue(batch);
    batch = [];
  };
  return body.pipeThrough(
    new TransformStream<Uint8Array, EventSourceMessage[]>({
      transform(bytes, controller) {
        parser.feed(decoder.decode(bytes, { stream: true }));
        flushBatch(controller);
      },
      flush(controller) {
        parser.feed(decoder.decode());
        flushBatch(controller);
      },
    }),
  );
}
