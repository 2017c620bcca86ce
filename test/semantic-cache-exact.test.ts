import { describe, expect, it } from 'vitest';
import { bundledPlugins } from '../plugins';
import { askChat as ask, cached, cacheKey, stored } from './support/cache';
import { readSse, testGateway, upstreamRecords, USER_HELLO } from './support/gateway';

const cache = (config: Record<string, unknown> = {}, client: Record<string, unknown> = {}) =>
  testGateway({ plugins: bundledPlugins, client, entries: [{ name: 'semantic_cache', enabled: true, config: { dimension: 1, ...config } }] });
const gw = cache({}, { metrics_flush_interval_ms: 0 });
const status = (res: Response) => res.headers.get('x-bf-cache-status');
const PROMPT = USER_HELLO[0]!.content;

describe('semantic_cache, exact mode (dimension 1): KV, deterministic keys', () => {
  it('hits with an equivalent request written differently, without reaching the provider', async () => {
    const key = cacheKey();
    const first = await gw.fetch('/v1/chat/completions', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...key },
      body: `{"model":"openai/gpt-4.1-nano","messages":[{"role":"user","content":${JSON.stringify(PROMPT)}}],"temperature":0.5,"user":"sc-first"}`,
    });
    expect(status(first)).toBe('miss');
    const original = await first.json<any>();
    await stored(gw, { temperature: 0.5 }, key);
    // Other key order and whitespace, content as text parts, a null parameter, another user and metadata.
    const second = await gw.fetch('/v1/chat/completions', {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...key },
      body: `{\n  "user": "sc-second", "metadata": {"team": "x"}, "top_p": null,\n  "temperature": 0.50,\n  "messages": [ { "content": [{"type": "text", "text": ${JSON.stringify(PROMPT)}}], "role": "user" } ],\n  "model": "openai/gpt-4.1-nano"\n}`,
    });
    expect(status(second)).toBe('hit');
    expect(second.headers.get('x-bf-cache-hit-type')).toBe('direct');
    const hit = await second.json<any>();
    expect(hit.choices).toEqual(original.choices);
    expect(hit.id).toBe(original.id);
    expect(hit.extra_fields).toMatchObject({ cost: 0, cache_debug: { cache_hit: true, hit_type: 'direct', provider_used: 'openai', model_used: 'gpt-4.1-nano-2025-04-14' } });
    expect(hit.extra_fields.cache_debug.cache_id).toMatch(/^[0-9a-f]{64}$/);
    expect(await upstreamRecords('sc-first')).toHaveLength(1);
    expect(await upstreamRecords('sc-second')).toHaveLength(0);
    // A parameter that changes the answer is a different entry.
    expect(status(await ask(gw, { temperature: 0.7 }, key))).toBe('miss');
  });

  it('stores a stream and replays it as the same chunks in the same order; either kind serves the other', async () => {
    const key = cacheKey();
    const live = await ask(gw, { stream: true }, key);
    expect(status(live)).toBe('miss');
    const original = await readSse(live);
    const asJson = await (await stored(gw, {}, key)).json<any>();
    const replay = await ask(gw, { stream: true }, key);
    expect(status(replay)).toBe('hit');
    const replayed = await readSse(replay);
    expect(replayed).toHaveLength(original.length);
    const strip = (data: string) => (data === '[DONE]' ? data : (({ extra_fields: _, ...rest }) => rest)(JSON.parse(data)));
    expect(replayed.map(strip)).toEqual(original.map(strip));
    expect(JSON.parse(replayed[0]!).extra_fields.cache_debug).toMatchObject({ cache_hit: true, hit_type: 'direct' });
    // The stored stream, assembled for a non-streaming request.
    const text = original.slice(0, -1).map((d) => JSON.parse(d).choices[0]?.delta?.content ?? '').join('');
    expect(asJson.choices[0].message.content).toBe(text);

    // And a stored JSON answer replayed to a streaming request.
    const other = cacheKey();
    const json = await (await ask(gw, {}, other)).json<any>();
    await stored(gw, {}, other);
    const chunks = await readSse(await ask(gw, { stream: true }, other));
    expect(chunks.slice(0, -1).map((d) => JSON.parse(d).choices[0]?.delta?.content ?? '').join('')).toBe(json.choices[0].message.content);
  });

  it('never caches errors', async () => {
    const key = cacheKey();
    expect((await ask(gw, { model: 'openai/fail-500', user: 'sc-err' }, key)).status).toBe(500);
    await new Promise((r) => setTimeout(r, 100));
    const again = await ask(gw, { model: 'openai/fail-500', user: 'sc-err' }, key);
    expect(again.status).toBe(500);
    expect(status(again)).toBe('miss');
    expect(await upstreamRecords('sc-err')).toHaveLength(2);
  });

  it('needs a cache key unless default_cache_key is set, and says why it skipped', async () => {
    const none = await ask(gw);
    expect(status(none)).toBe('skipped');
    expect(none.headers.get('x-bf-cache-skip-reason')).toBe('no_cache_key');
    const defaulted = cache({ default_cache_key: `default-${crypto.randomUUID()}` });
    expect(status(await ask(defaulted))).toBe('miss');
    expect(status(await stored(defaulted, {}, {}))).toBe('hit');
  });

  it('bypasses conversations longer than conversation_history_threshold', async () => {
    const long = [...USER_HELLO, { role: 'assistant', content: 'Galaxy Day.' }, { role: 'user', content: 'Another?' }, { role: 'assistant', content: 'Harmony Day.' }];
    const skipped = await ask(gw, { messages: long }, cacheKey());
    expect(status(skipped)).toBe('skipped');
    expect(skipped.headers.get('x-bf-cache-skip-reason')).toBe('conversation_too_long');
    const roomy = cache({ conversation_history_threshold: 4 });
    const key = cacheKey();
    expect(status(await ask(roomy, { messages: long }, key))).toBe('miss');
    expect(status(await stored(roomy, { messages: long }, key))).toBe('hit');
  });

  it('keys by model and provider unless cache_by_model / cache_by_provider are off', async () => {
    const key = cacheKey();
    await cached(gw, {}, key);
    expect(status(await ask(gw, { model: 'openai/gpt-4o-mini' }, key))).toBe('miss');
    expect(status(await ask(gw, { model: 'deepseek/gpt-4.1-nano' }, key))).toBe('miss');

    const anyModel = cache({ cache_by_model: false });
    const k1 = cacheKey();
    await cached(anyModel, {}, k1);
    expect(status(await ask(anyModel, { model: 'openai/gpt-4o-mini' }, k1))).toBe('hit');
    expect(status(await ask(anyModel, { model: 'deepseek/gpt-4o-mini' }, k1))).toBe('miss');

    const anyProvider = cache({ cache_by_provider: false });
    const k2 = cacheKey();
    await cached(anyProvider, {}, k2);
    expect(status(await ask(anyProvider, { model: 'deepseek/gpt-4.1-nano' }, k2))).toBe('hit');
  });

  it('leaves system prompts out of the key with exclude_system_prompt', async () => {
    const withSystem = (text: string) => [{ role: 'system', content: text }, ...USER_HELLO];
    const key = cacheKey();
    await cached(gw, { messages: withSystem('Be brief.') }, key);
    expect(status(await ask(gw, { messages: withSystem('Be verbose.') }, key))).toBe('miss');

    const lenient = cache({ exclude_system_prompt: true });
    const k = cacheKey();
    await cached(lenient, { messages: withSystem('Be brief.') }, k);
    expect(status(await ask(lenient, { messages: withSystem('Be verbose.') }, k))).toBe('hit');
  });

  it('expires entries after ttl (config or x-bf-cache-ttl), below KV\'s 60 s minimum too', async () => {
    const short = cache({ ttl: '1s' });
    const key = cacheKey();
    await cached(short, {}, key);
    await new Promise((r) => setTimeout(r, 1100));
    expect(status(await ask(short, {}, { ...key, 'x-bf-cache-no-store': 'true' }))).toBe('miss');

    const byHeader = { ...cacheKey(), 'x-bf-cache-ttl': '1' };
    await cached(gw, {}, byHeader);
    await new Promise((r) => setTimeout(r, 1100));
    expect(status(await ask(gw, {}, { ...byHeader, 'x-bf-cache-no-store': 'true' }))).toBe('miss');
  });

  it('stores nothing with x-bf-cache-no-store', async () => {
    const key = cacheKey();
    expect(status(await ask(gw, {}, { ...key, 'x-bf-cache-no-store': 'true' }))).toBe('miss');
    await new Promise((r) => setTimeout(r, 150));
    expect(status(await ask(gw, {}, key))).toBe('miss');
  });

  it('answers a malformed cache header with a 400 naming it, in the route\'s dialect', async () => {
    for (const [header, value] of [['x-bf-cache-ttl', 'soon'], ['x-bf-cache-threshold', '2'], ['x-bf-cache-type', 'fuzzy'], ['x-bf-cache-type', 'semantic'], ['x-bf-cache-no-store', 'maybe']] as const) {
      const res = await ask(gw, {}, { ...cacheKey(), [header]: value });
      expect(res.status).toBe(400);
      const { error } = await res.json<any>();
      expect(error).toMatchObject({ type: 'invalid_request_error', code: 'invalid_cache_header', param: header });
    }
    const anthropic = await gw.fetch('/anthropic/v1/messages', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-bf-cache-key': 'k', 'x-bf-cache-ttl': 'soon' },
      body: JSON.stringify({ model: 'openai/gpt-4.1-nano', max_tokens: 50, messages: USER_HELLO }),
    });
    expect(anthropic.status).toBe(400);
    expect(await anthropic.json<any>()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
  });

  it('refuses an inconsistent config at startup, naming the field', async () => {
    const { createGateway } = await import('../src/gateway');
    const build = (config: Record<string, unknown>) => () => createGateway({ plugins: bundledPlugins, config: { plugins: [{ name: 'semantic_cache', enabled: true, config }] } });
    expect(build({ dimension: 1, provider: 'openai', embedding_model: 'text-embedding-3-small' })).toThrow(/dimension.*exact mode/);
    expect(build({ dimension: 1536 })).toThrow(/provider.*semantic mode/);
    expect(build({ dimension: 1, ttl: 'forever' })).toThrow(/ttl/);
    expect(build({ dimension: 1, threshold: 1.5 })).toThrow(/threshold/);
  });

  it('counts hits in bifrost_cache_hits_total, not as upstream requests', async () => {
    const scrape = async () => (await (await gw.fetch('/metrics')).text()).split('\n');
    const total = (lines: string[], prefix: string, must: string) =>
      lines.filter((l) => l.startsWith(prefix) && l.includes(must)).reduce((n, l) => n + Number(l.split(' ').pop()), 0);
    const key = cacheKey();
    await cached(gw, {}, key);
    const before = await scrape();
    await (await ask(gw, {}, key)).json();
    const after = await scrape();
    expect(total(after, 'bifrost_cache_hits_total{', 'cache_type="direct"') - total(before, 'bifrost_cache_hits_total{', 'cache_type="direct"')).toBe(1);
    expect(total(after, 'bifrost_upstream_requests_total{', 'model="gpt-4.1-nano"') - total(before, 'bifrost_upstream_requests_total{', 'model="gpt-4.1-nano"')).toBe(0);
  });

  it("keeps virtual keys apart: one tenant never gets another's answer for the same x-bf-cache-key", async () => {
    const tenants = testGateway({ plugins: bundledPlugins, storage: true, entries: [{ name: 'semantic_cache', enabled: true, config: { dimension: 1 } }] });
    const newKey = async (name: string) => {
      const res = await tenants.fetch('/api/governance/virtual-keys', { method: 'POST', headers: { authorization: 'Bearer test-admin-token', 'content-type': 'application/json' }, body: JSON.stringify({ name }) });
      expect(res.status).toBe(201);
      return (await res.json<{ value: string }>()).value;
    };
    const [a, b] = [await newKey('cache-tenant-a'), await newKey('cache-tenant-b')];
    const key = cacheKey();
    await cached(tenants, {}, { ...key, 'x-bf-vk': a });
    expect(status(await ask(tenants, {}, { ...key, 'x-bf-vk': a, 'x-bf-cache-no-store': 'true' }))).toBe('hit');
    expect(status(await ask(tenants, {}, { ...key, 'x-bf-vk': b, 'x-bf-cache-no-store': 'true' }))).toBe('miss');
    expect(status(await ask(tenants, {}, { ...key, 'x-bf-cache-no-store': 'true' }))).toBe('miss');
  });
});
