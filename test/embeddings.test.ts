import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import recordedJson from '../../shared/fixtures/providers/openai/openai-embedding.json?raw';
import { testGateway, upstreamRecord } from './support/gateway';

const gw = testGateway();
const client = new OpenAI({ apiKey: 'x', baseURL: 'http://gateway.test/v1', fetch: (url, init) => gw.fetch(new Request(url, init)), maxRetries: 0 });
const recorded = JSON.parse(recordedJson);
const post = (body: unknown) => gw.fetch('/v1/embeddings', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('POST /v1/embeddings', () => {
  it('the official client (which asks for base64) gets the recorded vectors back', async () => {
    const res = await client.embeddings.create({ model: 'openai/text-embedding-3-small', input: ['a', 'b'], user: 'emb-1' });
    expect(res.data).toHaveLength(2);
    res.data.forEach((d, i) => recorded.data[i].embedding.forEach((v: number, j: number) => expect(d.embedding[j]).toBeCloseTo(v, 6)));
    expect(res.usage).toEqual({ prompt_tokens: 12, total_tokens: 12 });
    // Upstream is always asked for floats; the gateway encodes base64 itself.
    expect((await upstreamRecord('emb-1')).body).toMatchObject({ model: 'text-embedding-3-small', input: ['a', 'b'], encoding_format: 'float' });
  });

  it('returns floats when asked, and a single string input works', async () => {
    const res = await post({ model: 'openai/text-embedding-3-small', input: 'hello', encoding_format: 'float' });
    expect(res.status).toBe(200);
    const body = await res.json<any>();
    expect(body.data[0].embedding).toEqual(recorded.data[0].embedding);
    // 12 input tokens at text-embedding-3-small's $0.02 per million.
    expect(body.extra_fields).toEqual({ provider: 'openai', fallback_index: 0, cost: 2.4e-7 });
  });

  it('embeds with gemini through its own API', async () => {
    const res = await post({ model: 'gemini/text-embedding-004', input: ['alpha', 'beta'], encoding_format: 'float' });
    expect(res.status).toBe(200);
    const body = await res.json<any>();
    expect(body.data.map((d: any) => d.embedding.length)).toEqual([8, 8]);
    expect(body.data[0].embedding).not.toEqual(body.data[1].embedding);
  });

  it('falls back, and refuses providers without embeddings with a 400', async () => {
    const fb = await post({ model: 'openai/fail-500', input: 'x', fallbacks: ['gemini/text-embedding-004'] });
    expect(fb.status).toBe(200);
    expect(fb.headers.get('x-bf-fallback-index')).toBe('1');
    const none = await post({ model: 'anthropic/claude', input: 'x' });
    expect(none.status).toBe(400);
    expect((await none.json<any>()).error.code).toBe('unsupported_endpoint');
  });

  it('answers bad input with a 400 naming the field', async () => {
    const tokens = await post({ model: 'openai/text-embedding-3-small', input: [[1, 2, 3]] });
    expect(tokens.status).toBe(400);
    expect((await tokens.json<any>()).error.message).toMatch(/input must be a string or a list of strings/);
    expect((await post({ model: 'openai/text-embedding-3-small' })).status).toBe(400);
    expect((await post({ model: 'nosuch/x', input: 'x' })).status).toBe(400);
  });
});
