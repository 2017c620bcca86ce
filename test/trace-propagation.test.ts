import { describe, expect, it } from 'vitest';
import { chat, testGateway, upstreamRecords, USER_HELLO } from './support/gateway';

// W3C trace context across the gateway: every upstream try carries a traceparent in the request's
// trace (the caller's, or one the gateway started), with its own span id as the parent.

const CALLER = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00';
const parts = (header: string | string[] | undefined) => /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/.exec(String(header))?.slice(1);

describe('trace context propagation', () => {
  it("continues the caller's trace upstream, a new parent id per try, the caller's flags kept", async () => {
    const gw = testGateway({ openai: { network_config: { max_retries: 2, retry_backoff_initial: 1, retry_backoff_max: 5 } } });
    const res = await gw.fetch('/v1/chat/completions', chat({ model: 'openai/flaky', user: 'tp-retry', messages: USER_HELLO }, { traceparent: CALLER }));
    expect(res.status).toBe(200);
    const tries = (await upstreamRecords('tp-retry')).map((r) => parts(r.headers.traceparent));
    expect(tries).toHaveLength(3);
    for (const t of tries) expect(t).toEqual(['4bf92f3577b34da6a3ce929d0e0e4736', expect.stringMatching(/^[0-9a-f]{16}$/), '00']);
    expect(new Set(tries.map((t) => t![1])).size).toBe(3);
    expect(tries.map((t) => t![1])).not.toContain('00f067aa0ba902b7');
  });

  it('starts a trace when the caller sent none (or a malformed one), for chat and embeddings', async () => {
    const gw = testGateway();
    await (await gw.fetch('/v1/chat/completions', chat({ model: 'openai/gpt-4.1-nano', user: 'tp-new', messages: USER_HELLO }, { traceparent: 'garbage' }))).json();
    await (await gw.fetch('/v1/embeddings', chat({ model: 'openai/text-embedding-3-small', user: 'tp-new', input: 'x' }))).json();
    const [chatTry, embedTry] = (await upstreamRecords('tp-new')).map((r) => parts(r.headers.traceparent));
    expect(chatTry).toEqual([expect.stringMatching(/^[0-9a-f]{32}$/), expect.stringMatching(/^[0-9a-f]{16}$/), '01']);
    expect(embedTry![0]).toMatch(/^[0-9a-f]{32}$/);
    expect(embedTry![0]).not.toBe(chatTry![0]);
  });
});
