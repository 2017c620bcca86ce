import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { queryLogRows, type LogRow } from './log-rows';
import { enqueueLog } from './log-writer';

const row = (id: string, created_at: number): LogRow => ({
  id, created_at, method: 'POST', path: '/v1/chat/completions', provider: 'openai', model: 'gpt-4.1-nano',
  requested_model: 'openai/gpt-4.1-nano', virtual_key: null, status: 200, stream: false, latency_ms: 3,
  input_tokens: 1, output_tokens: 1, cost: null, fallback_index: 0, cache_hit: false, error_type: null,
  error_message: null, request_body: null, response_text: null, headers: null, timeline: null,
});

describe('log writer: one D1 batch per window, held by the request that opened it', () => {
  it('N rows in one window: one waitUntil, and every row lands', async () => {
    const held: Promise<unknown>[] = [];
    const base = 1_764_100_000_000;
    for (let i = 0; i < 20; i++) enqueueLog(env.DB!, row(`writer-a-${i}`, base + i), 5, (p) => held.push(p));
    expect(held).toHaveLength(1);
    await Promise.all(held);
    const stored = await queryLogRows(env.DB!, { from: base, to: base + 1000, limit: 100 });
    expect(stored.map((r) => r.id).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `writer-a-${i}`).sort());
  });

  it('a row that arrives after the window flushed opens a new window with its own waitUntil', async () => {
    const held: Promise<unknown>[] = [];
    const base = 1_764_200_000_000;
    enqueueLog(env.DB!, row('writer-b-0', base), 0, (p) => held.push(p));
    await held[0];
    enqueueLog(env.DB!, row('writer-b-1', base + 1), 0, (p) => held.push(p));
    expect(held).toHaveLength(2);
    await held[1];
    const stored = await queryLogRows(env.DB!, { from: base, to: base + 1000, limit: 100 });
    expect(stored.map((r) => r.id).sort()).toEqual(['writer-b-0', 'writer-b-1']);
  });
});
