import type { StreamEvent } from '../types/chat';
import { pullThrough, type Stage } from './pull-through';

/** A stream translation, one item at a time: upstream message → events, or event → dialect chunks. */
export interface BatchStep<In, Out = StreamEvent> {
  /** Translates one item into `out`; false when the stream cannot go on. */
  translate(item: In, out: Out[]): boolean;
  /** What is still owed when the input ends (e.g. finishes waiting for usage), into `out`; may wait. */
  flush?(out: Out[]): void | Promise<void>;
}

/**
 * Batches in → batches out: one batch out per batch in (none when empty), so items are not split
 * into many tiny enqueues. A `false` from `translate` ends the stream after the items so far (that
 * batch's error included); later items are dropped.
 */
export function batchTranslator<In, Out = StreamEvent>(t: BatchStep<In, Out>): Stage<In[], Out[]> {
  return (source) =>
    pullThrough(source, {
      transform(items, enqueue) {
        const out: Out[] = [];
        const ok = items.every((m) => t.translate(m, out));
        if (out.length > 0) enqueue(out);
        return ok;
      },
      async flush(enqueue) {
        if (!t.flush) return;
        const out: Out[] = [];
        await t.flush(out);
        if (out.length > 0) enqueue(out);
      },
    });
}
