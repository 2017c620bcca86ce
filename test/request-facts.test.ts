import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { bundledPlugins } from '../plugins';
import { definePlugin, type FinishedRequest, type PluginDefinition } from '../src/sdk';
import { chat, readSse, testGateway, USER_HELLO } from './support/gateway';
import { metricDeltas } from './support/metrics';
import { entry } from './support/recording-plugin';

// What a request did is computed once by the gateway and read by everyone: these tests check that
// the response, the log row, the metrics and the budget ledger tell the same story, for every
// endpoint, whatever the number of choices, and for requests refused before they were parsed.

const ADMIN = { authorization: 'Bearer test-admin-token', 'content-type': 'application/json' };

/** A plugin that keeps every finished request it observes, by request id. */
function observer(seen: Map<string, FinishedRequest[]>): PluginDefinition {
  return definePlugin({
    name: 'observer',
    configSchema: z.object({}),
    init: () => ({
      onRequestEnd(_ctx, finished) {
        seen.set(finished.requestId, [...(seen.get(finished.requestId) ?? []), finished]);
      },
    }),
  }) as PluginDefinition;
}

const seen = new Map<string, FinishedRequest[]>();
const gw = testGateway({
  plugins: [...bundledPlugins, observer(seen)],
  entries: [entry('observer')],
  storage: true,
  client: { enable_logging: true, log_flush_delay_ms: 0, metrics_flush_interval_ms: 0, max_request_body_size_mb: 1 },
});
const metrics = () => gw.fetch('/metrics');

async function virtualKey(): Promise<{ id: string; value: string }> {
  const res = await gw.fetch('/api/governance/virtual-keys', { method: 'POST', headers: ADMIN, body: JSON.stringify({ name: `facts-${crypto.randomUUID()}`, budget_max_usd: 100 }) });
  expect(res.status).toBe(201);
  return res.json();
}

/** Observers run in waitUntil: wait (bounded) for the request's log row and its ledger settlement. */
async function logRow(id: string): Promise<any> {
  for (let i = 0; i < 100; i++) {
    const res = await gw.fetch(`/api/logs/${id}`, { headers: ADMIN });
    if (res.status === 200) return res.json();
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no log row for ${id}`);
}

async function ledger(keyId: string): Promise<{ budget: { used: number }; tokens: { used: number }; settled: number }> {
  for (let i = 0; i < 100; i++) {
    const { usage } = await (await gw.fetch(`/api/governance/virtual-keys/${keyId}/usage`, { headers: ADMIN })).json<any>();
    if (usage.settled === usage.admitted && usage.admitted > 0) return usage;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('ledger did not settle');
}

const observed = async (id: string) => {
  for (let i = 0; i < 100 && !seen.has(id); i++) await new Promise((r) => setTimeout(r, 10));
  return seen.get(id) ?? [];
};

describe('one outcome per attempt, counted once', () => {
  // gpt-4.1-nano: $0.10 in, $0.40 out per million tokens.
  const nano = (input: number, output: number) => (input * 0.1 + output * 0.4) / 1e6;

  it('counts an n: 2 JSON answer once, with exactly the tokens and cost the upstream reported', async () => {
    const key = await virtualKey();
    let body: any;
    const delta = await metricDeltas(metrics, async () => {
      const res = await gw.fetch('/v1/chat/completions', chat({ model: 'openai/gpt-4.1-nano', n: 2, messages: USER_HELLO }, { 'x-request-id': 'facts-n2-json', 'x-bf-vk': key.value }));
      body = await res.json();
    });
    // The upstream's usage for both choices: 16 in, 2 × 363 out.
    expect(body.choices.map((c: any) => c.index)).toEqual([0, 1]);
    expect(body.usage).toMatchObject({ prompt_tokens: 16, completion_tokens: 726 });
    const cost = nano(16, 726);
    expect(body.extra_fields.cost).toBeCloseTo(cost, 12);
    expect(delta('bifrost_upstream_requests_total', 'model="gpt-4.1-nano"')).toBe(1);
    expect(delta('bifrost_input_tokens_total', 'model="gpt-4.1-nano"')).toBe(16);
    expect(delta('bifrost_output_tokens_total', 'model="gpt-4.1-nano"')).toBe(726);
    expect(delta('bifrost_cost_total', 'model="gpt-4.1-nano"')).toBeCloseTo(body.extra_fields.cost, 12);
    expect(delta('http_requests_total', 'status="200"')).toBe(1);
    expect(await logRow('facts-n2-json')).toMatchObject({ input_tokens: 16, output_tokens: 726, cost: body.extra_fields.cost });
    const usage = await ledger(key.id);
    expect(usage.budget.used).toBeCloseTo(body.extra_fields.cost, 12);
    expect(usage.tokens.used).toBe(16 + 726);
    expect(usage.settled).toBe(1);
  });

  it('counts an n: 2 stream once (one upstream request, the usage chunk\'s tokens, one cost)', async () => {
    const key = await virtualKey();
    let chunks: any[] = [];
    const delta = await metricDeltas(metrics, async () => {
      const res = await gw.fetch(
        '/v1/chat/completions',
        chat({ model: 'openai/gpt-4.1-nano', n: 2, stream: true, stream_options: { include_usage: true }, messages: USER_HELLO }, { 'x-request-id': 'facts-n2-stream', 'x-bf-vk': key.value }),
      );
      chunks = (await readSse(res)).filter((d) => d !== '[DONE]').map((d) => JSON.parse(d));
    });
    // Both choices finished, and one usage chunk (the upstream's: 16 in, 2 × 300 out) closed it.
    expect(chunks.flatMap((c) => c.choices.filter((ch: any) => ch.finish_reason).map((ch: any) => ch.index)).sort()).toEqual([0, 1]);
    const usageChunk = chunks.at(-1);
    expect(usageChunk.usage).toMatchObject({ prompt_tokens: 16, completion_tokens: 600 });
    const cost = usageChunk.extra_fields.cost;
    expect(cost).toBeCloseTo(nano(16, 600), 12);
    expect(delta('bifrost_upstream_requests_total', 'model="gpt-4.1-nano"')).toBe(1);
    expect(delta('bifrost_success_requests_total', 'model="gpt-4.1-nano"')).toBe(1);
    expect(delta('bifrost_input_tokens_total', 'model="gpt-4.1-nano"')).toBe(16);
    expect(delta('bifrost_output_tokens_total', 'model="gpt-4.1-nano"')).toBe(600);
    expect(delta('bifrost_cost_total', 'model="gpt-4.1-nano"')).toBeCloseTo(cost, 12);
    expect(delta('bifrost_stream_first_token_latency_seconds_count')).toBe(1);
    const row = await logRow('facts-n2-stream');
    expect(row).toMatchObject({ stream: true, input_tokens: 16, output_tokens: 600, cost });
    const usage = await ledger(key.id);
    expect(usage.budget.used).toBeCloseTo(cost, 12);
    expect(usage.tokens.used).toBe(616);
    const [finished] = await observed('facts-n2-stream');
    expect(finished!.answer).toMatchObject({ finishReasons: ['stop', 'stop'], usage: { input: 16, output: 600, total: 616 }, cost });
    expect(finished!.answer!.firstTokenAt).toBeTypeOf('number');
  });

  it('reports the same cost in the response, the log row, the metric and the ledger, on every endpoint', async () => {
    const cases = [
      { path: '/v1/chat/completions', body: { model: 'openai/gpt-4.1-nano', messages: USER_HELLO }, cost: (b: any) => b.extra_fields.cost, model: 'gpt-4.1-nano' },
      { path: '/v1/completions', body: { model: 'openai/gpt-3.5-turbo-instruct', prompt: 'Say this is a test' }, cost: (b: any) => b.extra_fields.cost, model: 'gpt-3.5-turbo-instruct' },
      { path: '/v1/embeddings', body: { model: 'openai/text-embedding-3-small', input: ['a', 'b'] }, cost: (b: any) => b.extra_fields.cost, model: 'text-embedding-3-small' },
      { path: '/anthropic/v1/messages', body: { model: 'openai/gpt-4.1-nano', max_tokens: 500, messages: USER_HELLO }, cost: (b: any) => b.extra_fields.cost, model: 'gpt-4.1-nano' },
    ];
    for (const [i, c] of cases.entries()) {
      const key = await virtualKey();
      const id = `facts-cost-${i}`;
      let body: any;
      const delta = await metricDeltas(metrics, async () => {
        const res = await gw.fetch(c.path, chat(c.body, { 'x-request-id': id, 'x-bf-vk': key.value }));
        expect(res.status, c.path).toBe(200);
        body = await res.json();
      });
      const cost = c.cost(body);
      expect(cost, c.path).toBeGreaterThan(0);
      expect(body.extra_fields, c.path).toMatchObject({ provider: 'openai', fallback_index: 0 });
      expect(delta('bifrost_cost_total', `model="${c.model}"`), c.path).toBeCloseTo(cost, 12);
      expect((await logRow(id)).cost, c.path).toBeCloseTo(cost, 12);
      expect((await ledger(key.id)).budget.used, c.path).toBeCloseTo(cost, 12);
    }
  });

  it('puts the cost on the Anthropic dialect\'s stream too, in message_delta, with the usage', async () => {
    const res = await gw.fetch('/anthropic/v1/messages', chat({ model: 'openai/gpt-4.1-nano', max_tokens: 500, stream: true, messages: USER_HELLO }));
    const events = (await readSse(res)).map((d) => JSON.parse(d));
    const delta = events.find((e) => e.type === 'message_delta');
    expect(delta.usage).toMatchObject({ input_tokens: 16, output_tokens: 300 });
    expect(delta.extra_fields).toMatchObject({ provider: 'openai', fallback_index: 0 });
    expect(delta.extra_fields.cost).toBeCloseTo(nano(16, 300), 12);
  });

  it('does not count a governance refusal as an upstream request: no provider was called', async () => {
    const strict = testGateway({ plugins: bundledPlugins, client: { enforce_auth_on_inference: true, metrics_flush_interval_ms: 0 } });
    const delta = await metricDeltas(
      () => strict.fetch('/metrics'),
      async () => expect((await strict.fetch('/v1/chat/completions', chat({ model: 'openai/gpt-4.1-nano', messages: USER_HELLO }))).status).toBe(401),
    );
    expect(delta('http_requests_total', 'status="401"')).toBe(1);
    expect(delta('bifrost_upstream_requests_total')).toBe(0);
    expect(delta('bifrost_error_requests_total')).toBe(0);
  });
});

describe('every request is observed, refused ones too', () => {
  const cases: [string, RequestInit & { path: string }, number, string][] = [
    ['malformed JSON', { path: '/v1/chat/completions', method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"model": ' }, 400, 'invalid_json'],
    ['a body over the limit', { path: '/v1/chat/completions', method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'openai/gpt-4.1-nano', messages: [{ role: 'user', content: 'x'.repeat(1.1 * 1024 * 1024) }] }) }, 413, 'request_too_large'],
    ['no such route', { path: '/v2/chat', method: 'POST', body: '{}' }, 404, 'not_found'],
    ['the wrong method', { path: '/v1/embeddings', method: 'GET' }, 405, 'method_not_allowed'],
  ];
  for (const [what, { path, ...init }, status, code] of cases) {
    it(`${what}: counted with its status, logged with its error, handed to observers once`, async () => {
      const id = `facts-refused-${status}`;
      const delta = await metricDeltas(metrics, async () => {
        const res = await gw.fetch(path, { ...init, headers: { ...init.headers, 'x-request-id': id } });
        expect(res.status).toBe(status);
        expect((await res.json<any>()).error.code).toBe(code);
      });
      expect(delta('http_requests_total', `status="${status}"`)).toBe(1);
      const row = await logRow(id);
      expect(row).toMatchObject({ status, path, error_type: 'invalid_request_error' });
      expect(row.error_message).toBeTruthy();
      const finished = await observed(id);
      expect(finished).toHaveLength(1);
      expect(finished[0]).toMatchObject({ status, attempts: [], error: { status, code } });
    });
  }

  it('labels requests to no route as unmatched, never by their path', async () => {
    const delta = await metricDeltas(metrics, async () => {
      for (const path of ['/scan/a', '/scan/b', '/scan/c']) expect((await gw.fetch(path)).status).toBe(404);
    });
    expect(delta('http_requests_total', 'path="unmatched"', 'status="404"')).toBe(3);
    expect(delta('http_requests_total', 'path="/scan')).toBe(0);
  });
});
