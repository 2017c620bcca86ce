import { describe, expect, it } from 'vitest';
import type { StreamChunk } from '../../pipeline/http-types';
import { WrittenChunk } from '../../streams/chunk-json';
import type { StreamEvent } from '../../types/chat';
import { encodeOpenAIChatStream } from './encode-chat-stream';

const encode = async (events: StreamEvent[]) => {
  const encoder = encodeOpenAIChatStream({ fallbackId: 'chatcmpl-fallback', model: 'asked', includeUsage: false, extraFields: () => ({}) as never });
  const source = new ReadableStream<StreamEvent[]>({
    start(c) {
      c.enqueue(events);
      c.close();
    },
  });
  const chunks: StreamChunk[] = [];
  for await (const batch of encoder(source)) chunks.push(...batch);
  return chunks;
};

describe('encodeOpenAIChatStream', () => {
  it("writes each text chunk's JSON as JSON.stringify writes its data, before and after the start event", async () => {
    const odd = 'quote " backslash \\ newline \n tab \t nul \0 emoji 😀 lone \ud800 </script>';
    const chunks = await encode([
      { type: 'text-delta', index: 0, text: 'before start' },
      { type: 'start', id: 'chatcmpl-"x"', created: 1770933892, model: 'gpt-4.1-nano\u2028' },
      { type: 'text-delta', index: 0, text: odd },
      { type: 'text-delta', index: 3, text: ' word' },
      { type: 'finish', index: 0, finishReason: { unified: 'stop', raw: 'stop' } },
    ]);
    expect(chunks).toHaveLength(5);
    for (const chunk of chunks) expect(WrittenChunk.json(chunk)).toBe(JSON.stringify(chunk.data));
    expect(JSON.parse(WrittenChunk.json(chunks[2]!))).toEqual({
      id: 'chatcmpl-"x"',
      object: 'chat.completion.chunk',
      created: 1770933892,
      model: 'gpt-4.1-nano\u2028',
      choices: [{ index: 0, delta: { content: odd }, logprobs: null, finish_reason: null }],
    });
    expect(JSON.parse(WrittenChunk.json(chunks[0]!)).id).toBe('chatcmpl-fallback');
  });

  it("a chunk's copy or changed data is written from its data, not the encoder's text", async () => {
    const [chunk] = await encode([{ type: 'text-delta', index: 0, text: 'hi' }]);
    const copy = { ...chunk!, data: { ...chunk!.data, extra: true } };
    expect(JSON.parse(WrittenChunk.json(copy)).extra).toBe(true);
  });
});
