import type { StreamEvent } from '../types/chat';

/** A stream translation, one item at a time: upstream message → events, or event → dialect chunks. */
export interface BatchStep<In, Out = StreamEvent> {
  /** Translates one item into `out`; false when the stream cannot go on. */
  translate(item: In, out: Out[]): boolean;
  /** What is still owed when the input ends (e.g. finishes waiting for usage), into `out`. */
  flush?(out: Out[]): void;
}

/**
 * Batches in → batches out: one batch out per batch in (none when empty), so items are not split
 * into many tiny enqueues. A `false` from `translate` ends the stream after the items so far (that
 * batch's error included); later items are dropped.
 */
export function batchTranslator<In, Out = StreamEvent>(t: BatchStep<In, Out>): TransformStream<In[], Out[]> {
  return new TransformStream({
    transform(items, controller) {
      const out: Out[] = [];
      const ok = items.every((m) => t.translate(m, out));
      if (out.length > 0) controller.enqueue(out);
      if (!ok) controller.terminate();
    },
    flush(controller) {
      if (!t.flush) return;
      const out: Out[] = [];
      t.flush(out);
      if (out.length > 0) controller.enqueue(out);
    },
  });
}
