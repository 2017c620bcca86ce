import { describe, expect, it } from 'vitest';
import { backoffMs } from '../src/core/call-with-retries';
import { chat, readSse, testGateway, upstreamRecords, USER_HELLO } from './support/gateway';

const fast = { max_retries: 2, retry_backoff_initial: 1, retry_backoff_max: 5 };
const models = async (user: string) => (await upstreamRecords(user)).map((r) => `${r.body.model}`);

describe('retries with backoff', () => {
  it('retries 5xx until it succeeds, within max_retries', async () => {
    const gw = testGateway({ openai: { network_config: fast } });
    const res = await gw.fetch('/v1/chat/completions', chat({ model: 'openai/flaky', messages: USER_HELLO, user: 'retry-1' }));
    expect(res.status).toBe(200);
    expect(await models('retry-1')).toEqual(['flaky', 'flaky', 'flaky']);
  });

  it('gives up after max_retries with the upstream error', async () => {
    const gw = testGateway({ openai: { network_config: { ...fast, max_retries: 1 } } });
    const res = await gw.fetch('/v1/chat/completions', chat({ model: 'openai/flaky', messages: USER_HELLO, user: 'retry-2' }));
    expect(res.status).toBe(503);
    expect(await models('retry-2')).toEqual(['flaky', 'flaky']);
  });

  it('never retries a 4xx other than 429', async () => {
    const gw = testGateway({ openai: { network_config: fast } });
    const res = await gw.fetch('/v1/chat/completions', chat({ model: 'openai/fail-401', messages: USER_HELLO, user: 'retry-3' }));
    expect(res.status).toBe(401);
    expect(await models('retry-3')).toEqual(['fail-401']);
  });

  it('retries a dropped connection', async () => {
    const gw = testGateway({ openai: { network_config: { ...fast, max_retries: 1 } } });
    const res = await gw.fetch('/v1/chat/completions', chat({ model: 'openai/drop-connection', messages: USER_HELLO, user: 'retry-4' }));
    expect(res.status).toBe(502);
    expect((await res.json<any>()).error.code).toBe('upstream_unreachable');
    expect(await models('retry-4')).toEqual(['drop-connection', 'drop-connection']);
  });

  it('backs off exponentially with jitter, capped', () => {
    expect(backoffMs(0, 100, 1000, () => 0)).toBe(50);
    expect(backoffMs(0, 100, 1000, () => 1)).toBe(100);
    expect(backoffMs(3, 100, 1000, () => 1)).toBe(800);
    expect(backoffMs(10, 100, 1000, () => 1)).toBe(1000);
  });
});

describe('keys', () => {
  const twoKeys = {
    keys: [
      { name: 'a', value: 'sk-key-a', weight: 1000 },
      { name: 'b', value: 'sk-key-b', weight: 0.001 },
    ],
  };

  it('rotates to another key after a 429', async () => {
    const gw = testGateway({ openai: { ...twoKeys, network_config: fast } });
    const res = await gw.fetch('/v1/chat/completions', chat({ model: 'openai/rate-limited-key-a', messages: USER_HELLO, user: 'rotate-1' }));
    expect(res.status).toBe(200);
    const auths = (await upstreamRecords('rotate-1')).map((r) => r.headers.authorization);
    expect(auths).toEqual(['Bearer sk-key-a', 'Bearer sk-key-b']);
  });

  it('pins a key by name with x-bf-api-key, and refuses an unknown name', async () => {
    const gw = testGateway({ openai: twoKeys });
    await gw.fetch('/v1/chat/completions', chat({ model: 'openai/gpt-4.1-nano', messages: USER_HELLO, user: 'pin-1' }, { 'x-bf-api-key': 'b' }));
    expect((await upstreamRecords('pin-1')).map((r) => r.headers.authorization)).toEqual(['Bearer sk-key-b']);
    const bad = await gw.fetch('/v1/chat/completions', chat({ model: 'openai/gpt-4.1-nano', messages: USER_HELLO }, { 'x-bf-api-key': 'zzz' }));
    expect(bad.status).toBe(400);
    expect((await bad.json<any>()).error.code).toBe('unknown_key');
  });

  it('honours per-key model allow-lists', async () => {
    const gw = testGateway({ openai: { keys: [{ name: 'only-echo', value: 'sk-x', models: ['echo'] }] } });
    const res = await gw.fetch('/v1/chat/completions', chat({ model: 'openai/gpt-4.1-nano', messages: USER_HELLO }));
    expect(res.status).toBe(400);
    expect((await res.json<any>()).error.code).toBe('model_not_allowed');
  });
});

describe('streams that stall or drop', () => {
  const idle = { stream_idle_timeout_in_seconds: 0.3 };

  it('ends an idle stream with an error event after the chunks already sent', async () => {
    const gw = testGateway({ openai: { network_config: idle } });
    const res = await gw.fetch('/v1/chat/completions', chat({ model: 'openai/stall-stream', messages: USER_HELLO, stream: true, user: 'idle-1' }));
    expect(res.status).toBe(200);
    const data = await readSse(res);
    expect(JSON.parse(data[0]!).object).toBe('chat.completion.chunk');
    expect(JSON.parse(data.at(-1)!).error).toMatchObject({ code: 'stream_idle_timeout', type: 'upstream_error' });
    // The stalled upstream connection was closed.
    let rec = (await upstreamRecords('idle-1'))[0]!;
    for (let i = 0; i < 40 && !rec.aborted; i++) {
      await new Promise((r) => setTimeout(r, 50));
      rec = (await upstreamRecords('idle-1'))[0]!;
    }
    expect(rec.aborted).toBe(true);
  });

  it('falls back when a stream stalls before its first chunk', async () => {
    const gw = testGateway({ openai: { network_config: idle } });
    const res = await gw.fetch('/v1/chat/completions', chat({ model: 'openai/stall-before-stream', messages: USER_HELLO, stream: true, fallbacks: ['openai/gpt-4.1-nano'], user: 'idle-2' }));
    expect(res.status).toBe(200);
    expect(res.headers.get('x-bf-fallback-index')).toBe('1');
    expect((await readSse(res)).at(-1)).toBe('[DONE]');
  });

  it('reports a connection dropped mid-stream as an error event', async () => {
    const gw = testGateway();
    const res = await gw.fetch('/v1/chat/completions', chat({ model: 'openai/drop-connection', messages: USER_HELLO, stream: true }));
    const data = await readSse(res);
    expect(JSON.parse(data.at(-1)!).error).toMatchObject({ code: 'upstream_disconnected' });
  });
});

describe('fallbacks from config', () => {
  it("uses the provider's configured fallbacks when the request has none", async () => {
    const gw = testGateway({ openai: { fallbacks: ['deepseek/deepseek-chat'] } });
    const res = await gw.fetch('/v1/chat/completions', chat({ model: 'openai/fail-500', messages: USER_HELLO, user: 'cfg-fb' }));
    expect(res.status).toBe(200);
    expect(res.headers.get('x-bf-fallback-index')).toBe('1');
    expect((await res.json<any>()).extra_fields.provider).toBe('deepseek');
  });
});
