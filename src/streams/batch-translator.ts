import type { StreamEvent } from '../types/chat';

/** A provider's stream translation, one upstream message at a time. */
export interface MessageTranslator<In> {
  /** Translates one message into `out`; false when the stream cannot go on. */
  translate(message: In, out: StreamEvent[]): boolean;
  /** What is still owed when the upstream ends (e.g. finishes waiting for usage), into `out`. */
  flush?(out: StreamEvent[]): void;
}

/**
 * Upstream message batches → canonical event batches: one batch out per upstream read, so events
 * are not split into many tiny enqueues, and no empty batches. A `false` from `translate` ends the
 * stream after the events so far (that read's error event included); later messages are dropped.
 */
export function batchTranslator<In>(t: MessageTranslator<In>): TransformStream<In[], StreamEvent[]> {
  return new TransformStream({
    transform(messages, controller) {
      const out: StreamEvent[] = [];
      const ok = messages.every((m) => t.translate(m, out));
      if (out.length > 0) controller.enqueue(out);
      if (!ok) controller.terminate();
    },
    flush(controller) {
      if (!t.flush) return;
      const out: StreamEvent[] = [];
      t.flush(out);
      if (out.length > 0) controller.enqueue(out);
    },
  });
}
