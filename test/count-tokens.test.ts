import Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import { bundledPlugins } from '../plugins';
import { testGateway } from './support/gateway';
import { metricDeltas } from './support/metrics';

// POST /anthropic/v1/messages/count_tokens, as the Anthropic SDKs' `countTokens` (and Claude Code)
// call it: the provider's own counter where it has one, else an estimate that says so. It runs
// the LLM hooks like any request; counting spends nothing.

const ADMIN = { authorization: 'Bearer test-admin-token', 'content-type': 'application/json' };
const gw = testGateway({ plugins: bundledPlugins, storage: true, client: { metrics_flush_interval_ms: 0 } });
const clientWith = (apiKey = 'unused-by-the-gateway') =>
  new Anthropic({ apiKey, baseURL: 'http://gateway.test/anthropic', fetch: (url, init) => gw.fetch(new Request(url as string, init as RequestInit)), maxRetries: 0 });
const client = clientWith();

const messages = [{ role: 'user' as const, content: 'How many tokens is this?' }];
const system = 'Answer briefly.';
const tools = [{ name: 'weather', description: 'Weather by city', input_schema: { type: 'object' as const, properties: { city: { type: 'string' } } } }];

describe('count_tokens', () => {
  it("passes on Anthropic's own count of what it would be sent (system, messages, tools; no max_tokens)", async () => {
    const counted = await client.messages.countTokens({ model: 'anthropic/claude-3-5-haiku-latest', system, messages, tools });
    // The mock counts the size of the messages it received: the figure is the provider's.
    expect(counted.input_tokens).toBe(JSON.stringify([{ role: 'user', content: [{ type: 'text', text: messages[0]!.content }] }]).length);
    expect((counted as unknown as { extra_fields: unknown }).extra_fields).toMatchObject({ provider: 'anthropic', fallback_index: 0, estimated: false });
  });

  it("passes on Gemini's countTokens figure", async () => {
    const counted = await client.messages.countTokens({ model: 'gemini/gemini-2.5-flash', messages });
    expect(counted.input_tokens).toBe(JSON.stringify([{ role: 'user', parts: [{ text: messages[0]!.content }] }]).length);
    expect((counted as unknown as { extra_fields: { estimated: boolean } }).extra_fields.estimated).toBe(false);
  });

  it('estimates, and says so, for a provider without a counter, without calling it or billing anything', async () => {
    let counted: Awaited<ReturnType<typeof client.messages.countTokens>> | undefined;
    const delta = await metricDeltas(
      () => gw.fetch('/metrics'),
      async () => {
        counted = await client.messages.countTokens({ model: 'openai/gpt-4.1-nano', system, messages, tools });
      },
    );
    expect(counted!.input_tokens).toBeGreaterThan(10);
    expect(counted!.input_tokens).toBeLessThan(200);
    expect((counted as unknown as { extra_fields: unknown }).extra_fields).toEqual({ provider: 'openai', fallback_index: 0, estimated: true });
    expect(delta('http_requests_total', 'path="/anthropic/v1/messages/count_tokens"', 'status="200"')).toBe(1);
    expect(delta('bifrost_upstream_requests_total')).toBe(0);
    expect(delta('bifrost_cost_total')).toBe(0);
  });

  it('is governed like any request (a blocked model is refused) but not counted against request limits', async () => {
    const res = await gw.fetch('/api/governance/virtual-keys', { method: 'POST', headers: ADMIN, body: JSON.stringify({ name: 'counting', allowed_models: ['anthropic/claude-3-5-haiku-latest'], request_max: 1, request_window: '1h' }) });
    const key = await res.json<{ value: string }>();
    const governed = clientWith(key.value);
    for (let i = 0; i < 3; i++) expect((await governed.messages.countTokens({ model: 'anthropic/claude-3-5-haiku-latest', messages })).input_tokens).toBeGreaterThan(0);
    await expect(governed.messages.countTokens({ model: 'openai/gpt-4.1-nano', messages })).rejects.toMatchObject({ status: 403 });
    // The one request the key may make is still there.
    expect((await governed.messages.create({ model: 'anthropic/claude-3-5-haiku-latest', max_tokens: 100, messages })).type).toBe('message');
  });

  it('answers bad bodies with a 400 in Anthropic\'s error shape', async () => {
    const res = await gw.fetch('/anthropic/v1/messages/count_tokens', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'anthropic/claude-3-5-haiku-latest' }) });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ type: 'error', error: { type: 'invalid_request_error' } });
  });
});
