import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { bundledPlugins } from '../plugins';
import { askChat, cached, cacheKey, stored } from './support/cache';
import { testGateway, upstreamRecords } from './support/gateway';

// Semantic mode with the mock upstream's deterministic bag-of-words embedding model ("bow-64"), and
// D1 standing in for Vectorize as it does in local dev.
const gw = testGateway({
  plugins: bundledPlugins,
  storage: true,
  client: { enable_logging: true, log_flush_delay_ms: 0 },
  entries: [{ name: 'semantic_cache', enabled: true, config: { dimension: 64, provider: 'openai', embedding_model: 'bow-64', threshold: 0.8 } }],
});
const say = (text: string) => ({ messages: [{ role: 'user', content: text }] });
const status = (res: Response) => res.headers.get('x-bf-cache-status');
const QUESTION = 'What is the capital of France?';

describe('semantic_cache, semantic mode: embeddings through the gateway\'s providers, vectors in D1', () => {
  it('hits a differently written request above the threshold, and misses below it', async () => {
    const key = cacheKey();
    expect(status(await askChat(gw, say(QUESTION), key))).toBe('miss');
    await stored(gw, say(QUESTION), key);

    // Same words, other case and punctuation: not the same text (no direct hit), the same embedding.
    const close = await askChat(gw, { ...say('what is the capital of france'), user: 'sem-close' }, key);
    expect(status(close)).toBe('hit');
    expect(close.headers.get('x-bf-cache-hit-type')).toBe('semantic');
    const { extra_fields } = await close.json<any>();
    expect(extra_fields.cache_debug).toMatchObject({ cache_hit: true, hit_type: 'semantic', threshold: 0.8 });
    expect(extra_fields.cache_debug.similarity).toBeCloseTo(1, 6);
    expect(await upstreamRecords('sem-close')).toHaveLength(0);

    // Four words of six shared: similar, but below 0.8.
    const far = say('Tell me the capital of France');
    expect(status(await askChat(gw, far, { ...key, 'x-bf-cache-no-store': 'true' }))).toBe('miss');
    // A lower threshold for this request turns it into a hit, at the similarity it reports.
    const lenient = await askChat(gw, far, { ...key, 'x-bf-cache-threshold': '0.5' });
    expect(status(lenient)).toBe('hit');
    const { similarity } = (await lenient.json<any>()).extra_fields.cache_debug;
    expect(similarity).toBeGreaterThanOrEqual(0.5);
    expect(similarity).toBeLessThan(0.8);
  });

  it('runs only the lookup x-bf-cache-type names', async () => {
    const key = cacheKey();
    await cached(gw, say('Name a large ocean'), key);
    expect((await askChat(gw, say('Name a large ocean'), key)).headers.get('x-bf-cache-hit-type')).toBe('direct');
    expect((await askChat(gw, say('Name a large ocean'), { ...key, 'x-bf-cache-type': 'semantic' })).headers.get('x-bf-cache-hit-type')).toBe('semantic');
    expect(status(await askChat(gw, say('name a LARGE ocean!'), { ...key, 'x-bf-cache-type': 'direct', 'x-bf-cache-no-store': 'true' }))).toBe('miss');
    expect(status(await askChat(gw, say('name a LARGE ocean!'), key))).toBe('hit');
  });

  it('compares only requests with the same cache key and parameters', async () => {
    const key = cacheKey();
    await cached(gw, say('Which planet is the largest?'), key);
    const noStore = { 'x-bf-cache-no-store': 'true' };
    expect(status(await askChat(gw, say('which planet is the largest'), { ...cacheKey(), ...noStore }))).toBe('miss');
    expect(status(await askChat(gw, { ...say('which planet is the largest'), temperature: 0 }, { ...key, ...noStore }))).toBe('miss');
  });

  it('logs a hit with cache_hit and no cost', async () => {
    const key = cacheKey();
    await cached(gw, say('Who wrote Hamlet?'), key);
    await (await askChat(gw, say('who wrote hamlet'), { ...key, 'x-request-id': 'sem-logged-hit' })).json();
    let row: any;
    for (let i = 0; i < 100 && !row; i++) {
      row = await env.DB!.prepare('SELECT cache_hit, cost, status FROM logs WHERE id = ?').bind('sem-logged-hit').first();
      if (!row) await new Promise((r) => setTimeout(r, 20));
    }
    expect(row).toEqual({ cache_hit: 1, cost: 0, status: 200 });
  });
});
