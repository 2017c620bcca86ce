/**
 * Reads the first value of a stream and hands back a stream that still yields it first. Lets the
 * gateway decide on a fallback before anything is sent, at the cost of nothing the client would
 * not wait for anyway (its first byte is that first value).
 */
export async function peekStream<T>(stream: ReadableStream<T>): Promise<{ first: T | undefined; stream: ReadableStream<T> }> {
  const reader = stream.getReader();
  const head = await reader.read();
  let pending: T | undefined = head.done ? undefined : head.value;
  const rest = new ReadableStream<T>({
    async pull(controller) {
      if (pending !== undefined) {
        controller.enqueue(pending);
        pending = undefined;
        return;
      }
      const next = await reader.read();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  }, { highWaterMark: 0 });
  return { first: head.done ? undefined : head.value, stream: rest };
}
