import type { StreamFacts } from '../facts/stream-facts';
import type { StreamEnd } from '../pipeline/runner';
import type { StreamEvent } from '../types/chat';

/**
 * An attempt's stream, read to its first batch so the gateway can still fall back before anything
 * is sent (the client's first byte is that batch anyway), and handed back as a stream that yields
 * it first. Every batch passes the attempt's facts on its way out, and the end settles them. Once
 * the facts say only the end can follow (every choice finished, or an error), the stream is marked
 * closing before that batch goes on, so the chunk hooks' stage holds its last chunk for the end. No
 * extra stage: the facts ride on the read the stream needs anyway.
 */
export async function commitStream(stream: ReadableStream<StreamEvent[]>, facts: StreamFacts, end: StreamEnd): Promise<{ first: StreamEvent[] | undefined; stream: ReadableStream<StreamEvent[]> }> {
  const reader = stream.getReader();
  const read = async (): Promise<StreamEvent[] | undefined> => {
    const next = await reader.read();
    if (next.done) {
      end.closing = true;
      facts.end();
      return undefined;
    }
    if (facts.batch(next.value)) end.closing = true;
    return next.value;
  };
  let pending = await read();
  const first = pending;
  const rest = new ReadableStream<StreamEvent[]>(
    {
      async pull(controller) {
        let batch = pending;
        pending = undefined;
        if (batch === undefined) {
          // One event-loop turn before each later batch: the stages after this one (a pipeThrough)
          // ask for the next batch as soon as they took the last, and its read and translation
          // (most of a stream's work, the mock's 64 KiB burst) would otherwise run in microtasks
          // before workerd writes what the client was already given to the socket.
          await new Promise((resolve) => setTimeout(resolve, 0));
          batch = await read();
        }
        if (batch === undefined) controller.close();
        else controller.enqueue(batch);
      },
      cancel(reason) {
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
  return { first, stream: rest };
}
