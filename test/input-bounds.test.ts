import { describe, expect, it } from 'vitest';
import { chat, testGateway, upstreamRecords, USER_HELLO } from './support/gateway';

// Every input a client controls is bounded before it costs anything upstream.

const gw = testGateway();
const post = (path: string, body: string, headers: Record<string, string>) => gw.fetch(path, { method: 'POST', headers, body });

describe('inference bodies must say they are JSON', () => {
  const json = JSON.stringify({ model: 'openai/gpt-4.1-nano', messages: USER_HELLO, user: 'no-json-type' });
  for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', '']) {
    it(`${type || 'no content-type'}: 415 in the route's dialect, nothing sent upstream`, async () => {
      const res = await post('/v1/chat/completions', json, type ? { 'content-type': type } : {});
      expect(res.status).toBe(415);
      expect((await res.json<any>()).error.code).toBe('unsupported_media_type');
      const anthropic = await post('/anthropic/v1/messages', json, type ? { 'content-type': type } : {});
      expect(anthropic.status).toBe(415);
      expect((await anthropic.json<any>()).type).toBe('error');
    });
  }
  it('application/json with a charset is fine', async () => {
    expect((await post('/v1/chat/completions', json, { 'content-type': 'application/json; charset=utf-8' })).status).toBe(200);
    expect(await upstreamRecords('no-json-type')).toHaveLength(1);
  });
});

describe('fallbacks are bounded', () => {
  it('1000 fallbacks are a 400 before any upstream call', async () => {
    const fallbacks = Array.from({ length: 1000 }, () => 'openai/fail-500');
    const res = await gw.fetch('/v1/chat/completions', chat({ model: 'openai/fail-500', messages: USER_HELLO, fallbacks, user: 'many-fallbacks' }));
    expect(res.status).toBe(400);
    const body = await res.json<any>();
    expect(body.error).toMatchObject({ code: 'too_many_fallbacks', param: 'fallbacks' });
    expect(body.error.message).toContain('at most 5');
    expect(await upstreamRecords('many-fallbacks')).toHaveLength(0);
  });

  it('up to client.max_fallbacks are tried', async () => {
    const two = testGateway({ client: { max_fallbacks: 2 } });
    const res = await two.fetch('/v1/chat/completions', chat({ model: 'openai/fail-500', messages: USER_HELLO, fallbacks: ['openai/fail-500', 'openai/gpt-4.1-nano'], user: 'two-fallbacks' }));
    expect(res.status).toBe(200);
    expect(res.headers.get('x-bf-fallback-index')).toBe('2');
  });
});

describe('model names a provider URL can carry', () => {
  for (const [what, model] of [['a lone surrogate', 'gemini-2.0-flash\uD800'], ['a newline', 'gemini-2.0\nflash'], ['300 characters', 'g'.repeat(300)]] as const) {
    it(`${what}: a 400 naming the model, not a retried 502`, async () => {
      const res = await gw.fetch('/v1/chat/completions', chat({ model: `gemini/${model}`, messages: USER_HELLO }));
      expect(res.status).toBe(400);
      expect((await res.json<any>()).error).toMatchObject({ code: 'invalid_model', param: 'model' });
    });
  }
  it('a fallback with one is refused the same way', async () => {
    const res = await gw.fetch('/v1/chat/completions', chat({ model: 'openai/gpt-4.1-nano', messages: USER_HELLO, fallbacks: ['gemini/bad\u0000name'] }));
    expect(res.status).toBe(400);
    expect((await res.json<any>()).error.param).toBe('fallbacks[0]');
  });
});

describe('what is echoed is cut short', () => {
  it('a 64 KB x-bf-api-key value is not sent back whole', async () => {
    const res = await gw.fetch('/v1/chat/completions', chat({ model: 'openai/gpt-4.1-nano', messages: USER_HELLO }, { 'x-bf-api-key': 'k'.repeat(64 * 1024) }));
    expect(res.status).toBe(400);
    expect((await res.text()).length).toBeLessThan(1000);
  });
});

describe('the body limit covers the management API', () => {
  it('a 20 MB body on /api/plugins is a 413, not a 500', async () => {
    const big = JSON.stringify({ name: 'hello-world', config: { blob: 'x'.repeat(20 * 1024 * 1024) } });
    const res = await gw.fetch('/api/plugins', { method: 'POST', headers: { authorization: 'Bearer test-admin-token', 'content-type': 'application/json' }, body: big });
    expect(res.status).toBe(413);
  });
  it('a 2 MB one too: D1 rows cannot hold it', async () => {
    const big = JSON.stringify({ name: 'hello-world', config: { blob: 'x'.repeat(2 * 1024 * 1024) } });
    const res = await gw.fetch('/api/plugins', { method: 'POST', headers: { authorization: 'Bearer test-admin-token', 'content-type': 'application/json' }, body: big });
    expect(res.status).toBe(413);
  });
});
