/** How one stage of a stream treats its items, given which one is the stream's last. */
export interface FinalAwareStep<T> {
  /** Whether an item that ends its batch may be the stream's last: it then waits for the next batch or the end. */
  mayBeLast(item: T): boolean;
  /**
   * One item into `out`, `final` when it is the stream's last; false when the stream must end after
   * it. May answer synchronously: then no microtask is spent per item.
   */
  pass(item: T, final: boolean, out: T[]): boolean | Promise<boolean>;
}

/**
 * A stage that tells its step which item is the stream's last, which is certain only once the
 * input ends: an item that may be last and ends its batch is held until the next batch arrives
 * (then it was not the last) or the input ends (then it was). Nothing else is held back, so a
 * stream's items are not delayed except that one, at its very end.
 */
export function finalAware<T>(step: FinalAwareStep<T>): TransformStream<T[], T[]> {
  let held: T | undefined;
  let hasHeld = false;
  return new TransformStream({
    async transform(batch, controller) {
      const out: T[] = [];
      let going = true;
      if (hasHeld) {
        hasHeld = false;
        going = await step.pass(held as T, false, out);
        held = undefined;
      }
      for (let i = 0; going && i < batch.length; i++) {
        const item = batch[i]!;
        if (i === batch.length - 1 && step.mayBeLast(item)) {
          held = item;
          hasHeld = true;
          continue;
        }
        const passed = step.pass(item, false, out);
        going = passed instanceof Promise ? await passed : passed;
      }
      if (out.length > 0) controller.enqueue(out);
      if (!going) controller.terminate();
    },
    async flush(controller) {
      const out: T[] = [];
      if (hasHeld) await step.pass(held as T, true, out);
      if (out.length > 0) controller.enqueue(out);
    },
  });
}
