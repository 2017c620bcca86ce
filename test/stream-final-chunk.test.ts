import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { definePlugin, type PluginDefinition, type StreamEvent } from '../src/sdk';
import { chat, readSse, testGateway, USER_HELLO } from './support/gateway';
import { entry } from './support/recording-plugin';

// A stream's final event and final chunk are facts of the stream, known to each stage on its own:
// a per-event post hook and a chunk hook each see exactly one call flagged final, on the last item.

interface Seen {
  events: { type: string; final: boolean }[];
  chunks: { data: string; final: boolean }[];
}

function watcher(seen: Seen): PluginDefinition {
  return definePlugin({
    name: 'final-watcher',
    configSchema: z.object({}),
    init: () => ({
      postLLMHook(ctx, res) {
        if (ctx.isStream) seen.events.push({ type: (res as StreamEvent | undefined)?.type ?? 'error', final: ctx.isFinalChunk });
      },
      streamChunkHook(ctx, _req, chunk) {
        seen.chunks.push({ data: JSON.stringify(chunk.data), final: ctx.isFinalChunk });
        return chunk;
      },
    }),
  }) as PluginDefinition;
}

describe('the final event and chunk of a stream', () => {
  const cases: [string, string, Record<string, unknown>][] = [
    ['an OpenAI stream with its usage chunk', '/v1/chat/completions', { model: 'openai/gpt-4.1-nano', stream: true, stream_options: { include_usage: true } }],
    ['an OpenAI stream without one', '/v1/chat/completions', { model: 'openai/gpt-4.1-nano', stream: true }],
    ['an n: 2 stream (two finish events)', '/v1/chat/completions', { model: 'openai/gpt-4.1-nano', stream: true, n: 2 }],
    ['an Anthropic dialect stream', '/anthropic/v1/messages', { model: 'openai/gpt-4.1-nano', stream: true, max_tokens: 500 }],
    ['a stream that fails midway', '/v1/chat/completions', { model: 'openai/stream-error-mid', stream: true }],
  ];
  for (const [what, path, body] of cases) {
    it(`${what}: one final event for post hooks, one final chunk for chunk hooks, each the last`, async () => {
      const seen: Seen = { events: [], chunks: [] };
      const gw = testGateway({ plugins: [watcher(seen)], entries: [entry('final-watcher')] });
      const data = await readSse(await gw.fetch(path, chat({ ...body, messages: USER_HELLO })));
      expect(seen.events.length).toBeGreaterThan(2);
      expect(seen.events.filter((e) => e.final)).toHaveLength(1);
      expect(seen.events.at(-1)!.final).toBe(true);
      expect(seen.chunks.filter((c) => c.final)).toHaveLength(1);
      expect(seen.chunks.at(-1)!.final).toBe(true);
      // The chunk hooks saw every chunk the client got, the last one flagged ([DONE] is framing).
      expect(seen.chunks.map((c) => c.data)).toEqual(data.filter((d) => d !== '[DONE]').map((d) => JSON.stringify(JSON.parse(d))));
    });
  }
});

describe('a chunk hook that changes a chunk in place', () => {
  it('the client gets the changed chunk, not the JSON the encoder wrote before the hook ran', async () => {
    const tagger = definePlugin({
      name: 'tagger',
      configSchema: z.object({}),
      init: () => ({
        streamChunkHook(_ctx, _req, chunk) {
          chunk.data.tagged = true;
          return chunk;
        },
      }),
    }) as PluginDefinition;
    const gw = testGateway({ plugins: [tagger], entries: [entry('tagger')] });
    const data = await readSse(await gw.fetch('/v1/chat/completions', chat({ model: 'openai/gpt-4.1-nano', stream: true, messages: USER_HELLO })));
    const chunks = data.filter((d) => d !== '[DONE]').map((d) => JSON.parse(d) as Record<string, unknown>);
    expect(chunks.length).toBeGreaterThan(2);
    expect(chunks.every((c) => c.tagged === true)).toBe(true);
  });
});
