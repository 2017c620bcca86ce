import { describe, expect, it } from 'vitest';
import { pullBytes, pullThrough } from './pull-through';

const from = (chunks: string[]) => new Response(chunks.join('')).body!;
const collect = async <T>(s: ReadableStream<T>) => {
  const out: T[] = [];
  for await (const x of s) out.push(x);
  return out;
};
const source = (chunks: string[], fail?: Error) => {
  let i = 0;
  let cancelled: unknown = 'not cancelled';
  const stream = new ReadableStream<string>({
    pull(c) {
      if (i < chunks.length) c.enqueue(chunks[i++]!);
      else if (fail) c.error(fail);
      else c.close();
    },
    cancel(reason) {
      cancelled = reason;
    },
  });
  return { stream, cancelled: () => cancelled };
};

describe('pullThrough', () => {
  it('passes what each chunk yields, skips chunks that yield nothing, and flushes at the end', async () => {
    const { stream } = source(['a', '', 'b', 'c']);
    const upper = (c: string, enqueue: (out: string) => void) => {
      if (c) enqueue(c.toUpperCase());
    };
    const out = await collect(pullThrough<string, string>(stream, { transform: upper, flush: (enqueue) => enqueue('end') }));
    expect(out).toEqual(['A', 'B', 'C', 'end']);
  });

  it("errors with the source's error, and flushes nothing then", async () => {
    const { stream } = source(['a'], new Error('dropped'));
    const read = collect(pullThrough<string, string>(stream, { transform: (c, enqueue) => enqueue(c), flush: (enqueue) => enqueue('end') }));
    await expect(read).rejects.toThrow('dropped');
  });

  it('a throwing step errors the stage and cancels the source with that error', async () => {
    const { stream, cancelled } = source(['a', 'b']);
    const boom = new Error('bad chunk');
    await expect(collect(pullThrough<string, string>(stream, { transform: () => { throw boom; } }))).rejects.toBe(boom);
    expect(cancelled()).toBe(boom);
  });

  it('a step that says the stream cannot go on ends it after what it enqueued: no flush, the source cancelled', async () => {
    const { stream, cancelled } = source(['a', 'stop', 'c']);
    const step = {
      transform(c: string, enqueue: (out: string) => void) {
        enqueue(c);
        return c !== 'stop';
      },
      flush: (enqueue: (out: string) => void) => enqueue('end'),
    };
    expect(await collect(pullThrough<string, string>(stream, step))).toEqual(['a', 'stop']);
    expect(cancelled()).toBeUndefined();
  });

  it('says once that it ended: read to its end, errored, or cancelled by its reader', async () => {
    let ends = 0;
    const step = { transform: (c: string, enqueue: (out: string) => void) => enqueue(c), done: () => ends++ };
    await collect(pullThrough(source(['a', 'b']).stream, step));
    expect(ends).toBe(1);
    await expect(collect(pullThrough(source(['a'], new Error('dropped')).stream, step))).rejects.toThrow('dropped');
    expect(ends).toBe(2);
    const reader = pullThrough(source(['a', 'b']).stream, step).getReader();
    await reader.read();
    await reader.cancel('client left');
    expect(ends).toBe(3);
  });

  it("the reader's cancel reaches the source", async () => {
    const { stream, cancelled } = source(['a', 'b', 'c']);
    const reader = pullThrough<string, string>(stream, { transform: (c, enqueue) => enqueue(c) }).getReader();
    expect((await reader.read()).value).toBe('a');
    await reader.cancel('client left');
    expect(cancelled()).toBe('client left');
  });

  it('decodes bytes from a real body', async () => {
    const decoder = new TextDecoder();
    const out = await collect(pullThrough<Uint8Array, string>(from(['x', 'y']), { transform: (b, enqueue) => enqueue(decoder.decode(b)) }));
    expect(out.join('')).toBe('xy');
  });

});

describe('pullBytes', () => {
  const text = 'data: ' + 'x'.repeat(200_000) + '\n\n';
  const decodeAll = async (body: ReadableStream<Uint8Array>) => {
    const decoder = new TextDecoder();
    const reads = await collect(pullBytes<string>(body, { transform: (b, enqueue) => enqueue(decoder.decode(b, { stream: true })), flush: (enqueue) => enqueue(decoder.decode()) }));
    return { text: reads.join(''), reads: reads.length };
  };

  it('reads a byte stream in large reads into one reused buffer, every byte intact', async () => {
    const { readable, writable } = new IdentityTransformStream();
    const writer = writable.getWriter();
    // Written before the first read: all of it is there to take.
    void writer.write(new TextEncoder().encode(text)).then(() => writer.close());
    const out = await decodeAll(readable);
    expect(out.text).toBe(text);
    expect(out.reads).toBeLessThanOrEqual(6);
  });

  it('takes the chunks of a stream that is not a byte stream as they come', async () => {
    const chunks = ['data: a', '\n\ndata: b', '\n\n'].map((t) => new TextEncoder().encode(t));
    const body = new ReadableStream<Uint8Array>({ start: (c) => { for (const b of chunks) c.enqueue(b); c.close(); } });
    expect(await decodeAll(body)).toEqual({ text: 'data: a\n\ndata: b\n\n', reads: 4 });
  });
});
