import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { getLogRow, insertLogRows, type LogRow, queryLogRows, storedRow } from './log-rows';

const row = (id: string, over: Partial<LogRow> = {}): LogRow => ({
  id,
  created_at: 1_764_000_000_000,
  method: 'POST',
  path: '/v1/chat/completions',
  provider: 'openai',
  model: 'gpt-4.1-nano',
  requested_model: 'openai/gpt-4.1-nano',
  virtual_key: null,
  status: 200,
  stream: true,
  latency_ms: 12,
  input_tokens: 16,
  output_tokens: 363,
  cost: 0.0001468,
  fallback_index: 1,
  cache_hit: false,
  error_type: null,
  error_message: null,
  request_body: '{"messages":[{"role":"user","content":"hi \\"there\\"\\n"}]}',
  response_text: 'Hello: “quotes”, emoji 🎉, a NUL \u0000 and a tab \t',
  headers: { 'x-team': 'red' },
  timeline: { attempts: [], hooks: [], tries: [] } as unknown as LogRow['timeline'],
  ...over,
});

describe('log rows: many rows per D1 statement (json_each), read back exactly', () => {
  it('stores every field as given: text escapes, unicode, numbers, booleans, nulls, JSON columns', async () => {
    const a = row('rows-a');
    const b = row('rows-b', { stream: false, cache_hit: true, provider: null, model: null, cost: null, input_tokens: null, headers: null, timeline: null, error_type: 'rate_limit', error_message: 'slow down', status: 429 });
    await insertLogRows(env.DB!, [a, b].map(storedRow));
    expect(await getLogRow(env.DB!, 'rows-a')).toEqual(a);
    expect(await getLogRow(env.DB!, 'rows-b')).toEqual(b);
  });

  it('a lone surrogate in the content does not lose the batch', async () => {
    await insertLogRows(env.DB!, [row('rows-surrogate', { request_body: 'bad \ud800 half', response_text: 'end \udfff' }), row('rows-after')].map(storedRow));
    const stored = await getLogRow(env.DB!, 'rows-surrogate');
    expect(stored?.request_body).toMatch(/^bad .* half$/);
    expect(await getLogRow(env.DB!, 'rows-after')).toEqual(row('rows-after'));
  });

  it('splits a batch larger than one statement may carry, and keeps every row', async () => {
    // 30 rows of 2 × 100 KB content: 6 MB, several statements in one batch.
    const big = Array.from({ length: 30 }, (_, i) => row(`rows-big-${String(i).padStart(2, '0')}`, { created_at: 1_764_000_100_000 + i, request_body: 'x'.repeat(100_000), response_text: 'y'.repeat(100_000) }));
    await insertLogRows(env.DB!, big.map(storedRow));
    const stored = await queryLogRows(env.DB!, { from: 1_764_000_100_000, limit: 100 });
    expect(stored.map((r) => r.id).sort()).toEqual(big.map((r) => r.id));
    expect(stored.every((r) => r.request_body!.length === 100_000 && r.response_text!.length === 100_000)).toBe(true);
  });

  it('keeps every row when the content is not ASCII: D1 limits a value to 2 MB, not 2 million characters', async () => {
    // 12 rows of 2 × 100 000 CJK characters: 2.4 million characters, 7.2 MB of UTF-8.
    const cjk = Array.from({ length: 12 }, (_, i) => row(`rows-cjk-${String(i).padStart(2, '0')}`, { created_at: 1_764_000_200_000 + i, request_body: '語'.repeat(100_000), response_text: '文'.repeat(100_000) }));
    await insertLogRows(env.DB!, cjk.map(storedRow));
    const stored = await queryLogRows(env.DB!, { from: 1_764_000_200_000, to: 1_764_000_300_000, limit: 100 });
    expect(stored.map((r) => r.id).sort()).toEqual(cjk.map((r) => r.id));
    expect(stored.every((r) => r.request_body === '語'.repeat(100_000) && r.response_text === '文'.repeat(100_000))).toBe(true);
  });

  it('a second write of one request id replaces its row', async () => {
    await insertLogRows(env.DB!, [row('rows-twice', { status: 500 })].map(storedRow));
    await insertLogRows(env.DB!, [row('rows-twice', { status: 200 })].map(storedRow));
    expect((await getLogRow(env.DB!, 'rows-twice'))?.status).toBe(200);
  });
});
