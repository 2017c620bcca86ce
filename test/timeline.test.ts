import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { bundledPlugins } from '../plugins';
import type { TimelineRecord } from '../src/sdk';
import { chat, readSse, testGateway, USER_HELLO } from './support/gateway';

// The per-request timeline (hooks, attempts, upstream tries) as the logs store it for the detail view.
const gw = testGateway({
  plugins: bundledPlugins,
  storage: true,
  client: { enable_logging: true, log_flush_delay_ms: 0 },
  entries: [{ name: 'hello-world', enabled: true }],
  openai: { network_config: { max_retries: 2, retry_backoff_initial: 1, retry_backoff_max: 5 } },
});

async function timelineOf(id: string): Promise<TimelineRecord> {
  for (let i = 0; i < 100; i++) {
    const row = await env.DB!.prepare('SELECT timeline FROM logs WHERE id = ?').bind(id).first<{ timeline: string | null }>();
    if (row?.timeline) return JSON.parse(row.timeline) as TimelineRecord;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no timeline logged for ${id}`);
}

const order = (t: TimelineRecord, hook: string, attempt: number | null = null) =>
  t.hooks.filter((h) => h.hook === hook && h.attempt === attempt).map((h) => h.plugin);

describe('request timeline', () => {
  it('records hooks in the order they ran (post hooks reversed) and every retry of an attempt', async () => {
    const res = await gw.fetch('/v1/chat/completions', chat({ model: 'openai/flaky', messages: USER_HELLO, user: 'tl-retry' }, { 'x-request-id': 'tl-1' }));
    expect(res.status).toBe(200);
    const t = await timelineOf('tl-1');

    const pre = order(t, 'preLLMHook', 0);
    const post = order(t, 'postLLMHook', 0);
    // Built-ins run before the custom plugin on the way in and after it on the way out.
    expect(pre.at(-1)).toBe('hello-world');
    expect(pre).toContain('governance');
    expect(post).toEqual([...pre].reverse().filter((p) => post.includes(p)));
    expect(post[0]).toBe('hello-world');
    expect(order(t, 'httpPreHook').at(-1)).toBe('hello-world');
    expect(order(t, 'httpPostHook')[0]).toBe('hello-world');
    for (const h of t.hooks) expect(h).toMatchObject({ calls: 1, failed: false });

    expect(t.attempts).toHaveLength(1);
    expect(t.attempts[0]).toMatchObject({ index: 0, provider: 'openai', model: 'flaky', outcome: 'response', error: null, short_circuit_by: null });
    expect(t.attempts[0]!.tries.map((x) => [x.try, x.key, x.status])).toEqual([
      [0, 'k1', 503],
      [1, 'k1', 503],
      [2, 'k1', 200],
    ]);
    for (const x of t.attempts[0]!.tries) expect(x.end_ms!).toBeGreaterThanOrEqual(x.start_ms!);
  });

  it('records each fallback as its own attempt, with its own LLM hook runs', async () => {
    const body = { model: 'openai/fail-401', messages: USER_HELLO, fallbacks: ['deepseek/deepseek-chat'] };
    const res = await gw.fetch('/v1/chat/completions', chat(body, { 'x-request-id': 'tl-2' }));
    expect(res.status).toBe(200);
    const t = await timelineOf('tl-2');
    expect(t.attempts.map((a) => [a.index, a.provider, a.model, a.outcome])).toEqual([
      [0, 'openai', 'fail-401', 'error'],
      [1, 'deepseek', 'deepseek-chat', 'response'],
    ]);
    expect(t.attempts[0]!.error).toMatch(/Incorrect API key/);
    expect(t.attempts[0]!.tries.map((x) => x.status)).toEqual([401]);
    expect(order(t, 'preLLMHook', 1)).toEqual(order(t, 'preLLMHook', 0));
    expect(t.attempts[1]!.start_ms!).toBeGreaterThanOrEqual(t.attempts[0]!.end_ms!);
  });

  it('aggregates per-event hooks of a stream into one entry per plugin, and keeps the attempt open to the end', async () => {
    const res = await gw.fetch('/v1/chat/completions', chat({ model: 'openai/gpt-4.1-nano', messages: USER_HELLO, stream: true }, { 'x-request-id': 'tl-3' }));
    const events = (await readSse(res)).filter((e) => e !== '[DONE]');
    const t = await timelineOf('tl-3');
    const chunkHooks = t.hooks.filter((h) => h.hook === 'streamChunkHook');
    expect(chunkHooks.map((h) => h.plugin)).toContain('hello-world');
    for (const h of chunkHooks) expect(h.calls).toBe(events.length);
    const helloPost = t.hooks.find((h) => h.hook === 'postLLMHook' && h.plugin === 'hello-world')!;
    expect(helloPost.calls).toBeGreaterThan(1);
    expect(t.attempts[0]).toMatchObject({ outcome: 'stream' });
    expect(t.attempts[0]!.end_ms).not.toBeNull();
    expect(t.attempts[0]!.tries[0]!.end_ms).not.toBeNull();
  });

  it('names the plugin that short-circuited an attempt', async () => {
    const mocked = testGateway({
      plugins: bundledPlugins,
      storage: true,
      client: { enable_logging: true, log_flush_delay_ms: 0 },
      entries: [{ name: 'mocker', enabled: true, config: { rules: [{ name: 'all', responses: [{ type: 'success', content: { message: 'canned' } }] }] } }],
    });
    await (await mocked.fetch('/v1/chat/completions', chat({ model: 'openai/gpt-4o-mini', messages: USER_HELLO }, { 'x-request-id': 'tl-4' }))).json();
    const t = await timelineOf('tl-4');
    expect(t.attempts[0]).toMatchObject({ short_circuit_by: 'mocker', outcome: 'response', tries: [] });
  });
});
