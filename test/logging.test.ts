import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { bundledPlugins } from '../plugins';
import { chat, readSse, testGateway, USER_HELLO } from './support/gateway';

const ADMIN = { authorization: 'Bearer test-admin-token' };
const logging = { enable_logging: true, log_flush_delay_ms: 0, logging_headers: ['x-team', 'Authorization', 'x-api-key'] };
const gw = testGateway({ plugins: bundledPlugins, storage: true, client: logging });

async function logs(query = ''): Promise<{ logs: any[]; next_cursor: string | null }> {
  const res = await gw.fetch(`/api/logs${query}`, { headers: ADMIN });
  expect(res.status).toBe(200);
  return res.json();
}

/** Log writes run in waitUntil: wait (bounded) until `n` rows match. */
async function settle(query: string, n: number) {
  for (let i = 0; i < 100; i++) {
    const page = await logs(query);
    if (page.logs.length >= n) return page;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`fewer than ${n} log rows for ${query}`);
}

describe('logging built-in: one D1 row per request, queryable at /api/logs', () => {
  const headers = (id: string) => ({ 'x-request-id': id, 'x-team': 'red', authorization: 'Bearer sk-test-openai' });

  it('records each request with its facts and content, never credentials', async () => {
    const start = Date.now();
    await (await gw.fetch('/v1/chat/completions', chat({ model: 'openai/gpt-4.1-nano', messages: USER_HELLO }, headers('log-json-1')))).json();
    await (await gw.fetch('/v1/chat/completions', chat({ model: 'openai/gpt-4.1-nano', messages: USER_HELLO }, headers('log-json-2')))).json();
    await readSse(await gw.fetch('/v1/chat/completions', chat({ model: 'openai/gpt-4.1-nano', messages: USER_HELLO, stream: true }, headers('log-stream-1'))));
    await (await gw.fetch('/v1/chat/completions', chat({ model: 'deepseek/deepseek-chat', messages: USER_HELLO }, headers('log-deepseek-1')))).json();
    await (await gw.fetch('/v1/chat/completions', chat({ model: 'openai/fail-429', messages: USER_HELLO }, headers('log-429-1')))).json();
    const all = (await settle(`?from=${start}`, 5)).logs;
    expect(all.map((r) => r.id).sort()).toEqual(['log-429-1', 'log-deepseek-1', 'log-json-1', 'log-json-2', 'log-stream-1']);

    const json1 = all.find((r) => r.id === 'log-json-1');
    expect(json1).toMatchObject({ method: 'POST', path: '/v1/chat/completions', provider: 'openai', model: 'gpt-4.1-nano', requested_model: 'openai/gpt-4.1-nano', status: 200, stream: false, input_tokens: 16, output_tokens: 363, fallback_index: 0, cache_hit: false, error_type: null, headers: { 'x-team': 'red' } });
    expect(json1.cost).toBeCloseTo(0.0001468, 10);
    expect(JSON.parse(json1.request_body).messages).toEqual(USER_HELLO);
    expect(json1.response_text).toMatch(/^\*\*Holiday Name:\*\* Galaxy Day/);

    const stream = all.find((r) => r.id === 'log-stream-1');
    expect(stream).toMatchObject({ stream: true, status: 200, input_tokens: 16, output_tokens: 300 });
    expect(stream.response_text).toMatch(/^\*\*Holiday Name:\*\* Harmony Day/);
    expect(all.find((r) => r.id === 'log-429-1')).toMatchObject({ status: 429, error_type: 'requests', error_message: 'Rate limit reached for requests' });

    // No credential reached any stored row: not the provider key, the admin token, or the header.
    const { results } = await env.DB!.prepare('SELECT * FROM logs').all();
    const stored = JSON.stringify(results);
    for (const secret of ['sk-test-openai', 'test-admin-token', 'Bearer']) expect(stored).not.toContain(secret);
  });

  it('filters by provider, model, status and time, and pages with a cursor', async () => {
    expect((await logs('?provider=deepseek')).logs.map((r) => r.id)).toEqual(['log-deepseek-1']);
    expect((await logs('?model=gpt-4.1-nano')).logs).toHaveLength(3);
    expect((await logs('?status=429')).logs.map((r) => r.id)).toEqual(['log-429-1']);
    expect((await logs(`?to=${Date.now() - 60_000}`)).logs).toEqual([]);
    const seen: string[] = [];
    let cursor: string | null = '';
    for (let pages = 0; cursor !== null && pages < 10; pages++) {
      const page = await logs(`?limit=2${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(page.logs.length).toBeLessThanOrEqual(2);
      seen.push(...page.logs.map((r) => r.id));
      cursor = page.next_cursor;
    }
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
  });

  it('returns one row by its request id at /api/logs/:id, 404 for an unknown one', async () => {
    const res = await gw.fetch('/api/logs/log-json-1', { headers: ADMIN });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ id: 'log-json-1', status: 200, stream: false, cache_hit: false, headers: { 'x-team': 'red' } });
    const missing = await gw.fetch('/api/logs/no-such-request', { headers: ADMIN });
    expect(missing.status).toBe(404);
    expect((await missing.json<any>()).error.code).toBe('log_not_found');
    expect((await gw.fetch('/api/logs/log-json-1')).status).toBe(401);
  });

  it('answers bad queries with a 400 and needs the admin token', async () => {
    expect((await gw.fetch('/api/logs?limit=0', { headers: ADMIN })).status).toBe(400);
    expect((await gw.fetch('/api/logs?cursor=nonsense', { headers: ADMIN })).status).toBe(400);
    expect((await gw.fetch('/api/logs?colour=red', { headers: ADMIN })).status).toBe(400);
    expect((await gw.fetch('/api/logs')).status).toBe(401);
  });

  it('stores no content when disable_content_logging is set', async () => {
    const quiet = testGateway({ plugins: bundledPlugins, storage: true, client: { ...logging, disable_content_logging: true } });
    await (await quiet.fetch('/v1/chat/completions', chat({ model: 'openai/gpt-4.1-nano', messages: USER_HELLO }, { 'x-request-id': 'log-quiet-1' }))).json();
    let row: any;
    for (let i = 0; i < 100 && !row; i++) {
      row = await env.DB!.prepare('SELECT * FROM logs WHERE id = ?').bind('log-quiet-1').first();
      if (!row) await new Promise((r) => setTimeout(r, 20));
    }
    expect(row).toMatchObject({ status: 200, input_tokens: 16, request_body: null, response_text: null });
  });

  it('records embeddings with their tokens and cost, and their upstream errors', async () => {
    const embed = (id: string, model: string) =>
      gw.fetch('/v1/embeddings', { method: 'POST', headers: { 'content-type': 'application/json', 'x-request-id': id }, body: JSON.stringify({ model, input: 'x' }) });
    expect((await embed('log-embed-1', 'openai/text-embedding-3-small')).status).toBe(200);
    expect((await embed('log-embed-2', 'openai/fail-500')).status).toBe(500);
    const rows = (await settle('?model=text-embedding-3-small', 1)).logs;
    expect(rows.find((r) => r.id === 'log-embed-1')).toMatchObject({ path: '/v1/embeddings', provider: 'openai', status: 200, input_tokens: 12, output_tokens: 0, error_type: null });
    expect(rows.find((r) => r.id === 'log-embed-1').cost).toBeCloseTo((12 * 0.02) / 1e6, 15);
    const failed = (await settle('?model=fail-500', 1)).logs.find((r) => r.id === 'log-embed-2');
    expect(failed).toMatchObject({ provider: 'openai', status: 500, input_tokens: null });
    expect(failed.error_type).toBeTruthy();
  });
});
