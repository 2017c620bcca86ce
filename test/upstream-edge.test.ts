import { describe, expect, it } from 'vitest';
import { chat, testGateway, upstreamRecords, upstreamUrl, USER_HELLO } from './support/gateway';

// The gateway's edge towards providers, tried as a compromised or broken upstream would: nothing of
// the request (prompt, key) may leave for another host, and nothing an upstream does may hang a
// request or turn into a 500.

const sunk = async (tag: string): Promise<unknown[]> => (await fetch(`${upstreamUrl()}/__sunk/${encodeURIComponent(tag)}`)).json();
const oneTry = { max_retries: 2, retry_backoff_initial: 1, retry_backoff_max: 5 };

describe('redirects are never followed', () => {
  for (const status of [301, 302, 307, 308]) {
    it(`a ${status} from an OpenAI-kind upstream is a 502 and the key stays home`, async () => {
      const gw = testGateway({ openai: { network_config: oneTry } });
      const tag = `redirect-openai-${status}`;
      const res = await gw.fetch('/v1/chat/completions', chat({ model: `openai/redirect-${status}`, messages: USER_HELLO, user: tag }));
      expect(res.status).toBe(502);
      const body = await res.json<any>();
      expect(body.error.code).toBe('upstream_redirect');
      expect(body.error.message).toContain(`answered ${status}`);
      expect(body.error.message).not.toContain('__sink');
      expect(await sunk(tag)).toEqual([]);
      // Not retried: the next try would be redirected the same way.
      expect(await upstreamRecords(tag)).toHaveLength(1);
    });
  }

  it('an Anthropic-kind upstream (x-api-key) redirecting: nothing reaches the other host', async () => {
    const gw = testGateway();
    const tag = 'redirect-anthropic';
    const res = await gw.fetch(
      '/anthropic/v1/messages',
      chat({ model: 'anthropic/redirect-307', max_tokens: 16, messages: [{ role: 'user', content: 'hi' }], metadata: { user_id: tag } }),
    );
    expect(res.status).toBe(502);
    expect((await res.json<any>()).type).toBe('error');
    expect(await sunk(tag)).toEqual([]);
  });
});

describe('deadlines cover the whole exchange', () => {
  const oneSecond = { default_request_timeout_in_seconds: 1 };

  it('a JSON body that stalls after its headers is a 504 once the request timeout passes', async () => {
    const gw = testGateway({ openai: { network_config: oneSecond } });
    const started = Date.now();
    const res = await gw.fetch('/v1/chat/completions', chat({ model: 'openai/stall-body', messages: USER_HELLO, user: 'stall-body' }));
    expect(res.status).toBe(504);
    expect((await res.json<any>()).error.code).toBe('upstream_timeout');
    // Bounded by the timeout, not by the test's own limit (20 s).
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('an error body that stalls is a 504 too', async () => {
    const gw = testGateway({ openai: { network_config: oneSecond } });
    const res = await gw.fetch('/v1/chat/completions', chat({ model: 'openai/stall-error-body', messages: USER_HELLO, user: 'stall-error' }));
    expect(res.status).toBe(504);
  });

  it('the stalled upstream connection is closed, not left open', async () => {
    const gw = testGateway({ openai: { network_config: oneSecond } });
    await gw.fetch('/v1/chat/completions', chat({ model: 'openai/stall-body', messages: USER_HELLO, user: 'stall-closed' }));
    await expect.poll(async () => (await upstreamRecords('stall-closed'))[0]?.aborted, { timeout: 5000 }).toBe(true);
  });
});

describe('what an upstream answers is bounded', () => {
  it('a status outside HTTP (700) is a 502, not a 500', async () => {
    const gw = testGateway();
    const res = await gw.fetch('/v1/chat/completions', chat({ model: 'openai/status-700', messages: USER_HELLO, user: 'status-700' }));
    expect(res.status).toBe(502);
    expect((await res.json<any>()).error.code).toBe('invalid_upstream_status');
  });

  it('an 8 MiB error body is read only as far as its start', async () => {
    const gw = testGateway();
    const res = await gw.fetch('/v1/chat/completions', chat({ model: 'openai/flood-error', messages: USER_HELLO, user: 'flood' }));
    expect(res.status).toBe(500);
    const text = await res.text();
    expect(text.length).toBeLessThan(2000);
    expect(JSON.parse(text).error.message).toMatch(/^provider "openai" answered 500: x+/);
  });
});

describe('retry-after is honoured', () => {
  const policy = { max_retries: 2, retry_backoff_initial: 1, retry_backoff_max: 2000 };

  it('a 429 asking for 1 s is retried after 1 s, not after the backoff', async () => {
    const gw = testGateway({ openai: { network_config: policy } });
    const started = Date.now();
    const res = await gw.fetch('/v1/chat/completions', chat({ model: 'openai/retry-after-1', messages: USER_HELLO, user: 'retry-after-1' }));
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1000);
    expect(await upstreamRecords('retry-after-1')).toHaveLength(2);
  });

  it('a wait longer than retry_backoff_max fails fast, and the client is told how long to wait', async () => {
    const gw = testGateway({ openai: { network_config: policy } });
    const started = Date.now();
    const res = await gw.fetch('/v1/chat/completions', chat({ model: 'openai/retry-after-30', messages: USER_HELLO, user: 'retry-after-30' }));
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('30');
    expect(Date.now() - started).toBeLessThan(2000);
    expect(await upstreamRecords('retry-after-30')).toHaveLength(1);
  });

  it('with a second key the long wait is skipped: the other key answers at once', async () => {
    const keys = [{ name: 'a', value: 'sk-a', weight: 1 }, { name: 'b', value: 'sk-b', weight: 1 }];
    const gw = testGateway({ openai: { keys, network_config: policy } });
    const res = await gw.fetch('/v1/chat/completions', chat({ model: 'openai/retry-after-30', messages: USER_HELLO, user: 'retry-after-keys' }));
    expect(res.status).toBe(200);
    const tries = await upstreamRecords('retry-after-keys');
    expect(tries.map((t) => t.headers.authorization)).toHaveLength(2);
    expect(new Set(tries.map((t) => t.headers.authorization)).size).toBe(2);
  });
});

describe('a non-streamed client that hangs up', () => {
  it('closes the upstream call, and no fallback is tried for nobody', async () => {
    const gw = testGateway({ openai: { network_config: { default_request_timeout_in_seconds: 30 } } });
    const client = new AbortController();
    const request = new Request('http://gateway.test/v1/chat/completions', {
      ...chat({ model: 'openai/stall-body', messages: USER_HELLO, user: 'hang-up-json', fallbacks: ['openai/gpt-4.1-nano'] }),
      signal: client.signal,
    });
    const answered = gw.fetch(request);
    await expect.poll(async () => (await upstreamRecords('hang-up-json')).length, { timeout: 5000 }).toBe(1);
    const started = Date.now();
    client.abort();
    const res = await answered;
    expect(res.status).toBe(499);
    await expect.poll(async () => (await upstreamRecords('hang-up-json'))[0]?.aborted, { timeout: 5000 }).toBe(true);
    // Well before the 30 s request timeout, and the fallback never called.
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await upstreamRecords('hang-up-json')).toHaveLength(1);
  });
});
