import { describe, expect, it } from 'vitest';
import { chat, readSse, testGateway, upstreamRecords, USER_HELLO } from './support/gateway';

const gw = testGateway();
const models = async (user: string) => (await upstreamRecords(user)).map((r) => `${r.body.model}`);

describe('fallbacks', () => {
  it('falls back to the next provider/model when the primary fails', async () => {
    const res = await gw.fetch('/v1/chat/completions', chat({ model: 'openai/fail-500', messages: USER_HELLO, fallbacks: ['deepseek/deepseek-chat'], user: 'fb-1' }));
    expect(res.status).toBe(200);
    const body = await res.json<any>();
    expect(body.model).toBe('deepseek-chat');
    expect(body.extra_fields).toMatchObject({ provider: 'deepseek', fallback_index: 1 });
    expect(await models('fb-1')).toEqual(['fail-500', 'deepseek-chat']);
  });

  it('returns the primary error when every attempt fails', async () => {
    const res = await gw.fetch('/v1/chat/completions', chat({ model: 'openai/fail-500', messages: USER_HELLO, fallbacks: ['openai/fail-429', 'openai/fail-401'], user: 'fb-2' }));
    expect(res.status).toBe(500);
    expect((await res.json<any>()).error).toMatchObject({ type: 'server_error', message: 'The server had an error while processing your request.' });
    expect(await models('fb-2')).toEqual(['fail-500', 'fail-429', 'fail-401']);
  });

  it('falls back when a stream fails before its first chunk', async () => {
    const res = await gw.fetch('/v1/chat/completions', chat({ model: 'openai/stream-error-first', messages: USER_HELLO, stream: true, fallbacks: ['openai/gpt-4.1-nano'], user: 'fb-3' }));
    expect(res.status).toBe(200);
    const data = await readSse(res);
    expect(data.at(-1)).toBe('[DONE]');
    expect(JSON.parse(data[0]!).model).toBe('gpt-4.1-nano-2025-04-14');
    expect(await models('fb-3')).toEqual(['stream-error-first', 'gpt-4.1-nano']);
  });

  it('never falls back once a chunk reached the client: the stream ends with an error event', async () => {
    const res = await gw.fetch('/v1/chat/completions', chat({ model: 'openai/stream-error-mid', messages: USER_HELLO, stream: true, fallbacks: ['openai/gpt-4.1-nano'], user: 'fb-4' }));
    expect(res.status).toBe(200);
    const data = await readSse(res);
    // The error is the last word: no [DONE] after it.
    const last = JSON.parse(data.at(-1)!);
    expect(last.error).toMatchObject({ message: 'upstream died', type: 'server_error' });
    expect(data.slice(0, -1).every((d) => JSON.parse(d).object === 'chat.completion.chunk')).toBe(true);
    expect(await models('fb-4')).toEqual(['stream-error-mid']);
  });

  it('answers a failed stream with a JSON error and the upstream status when nothing was streamed', async () => {
    const res = await gw.fetch('/v1/chat/completions', chat({ model: 'openai/fail-429', messages: USER_HELLO, stream: true }));
    expect(res.status).toBe(429);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect((await res.json<any>()).error.code).toBe('rate_limit_exceeded');
  });
});
