import { describe, expect, it } from 'vitest';
import { bundledPlugins } from '../plugins';
import { chat, readSse, testGateway, USER_HELLO } from './support/gateway';
import { metricSum, parseExposition } from './support/metrics';
import { recordingPlugin } from './support/recording-plugin';

describe('telemetry built-in: GET /metrics', () => {
  const gw = testGateway({ plugins: bundledPlugins, client: { metrics_flush_interval_ms: 0, prometheus_labels: ['team'] } });
  const scrape = async () => {
    const res = await gw.fetch('/metrics');
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return parseExposition(await res.text());
  };

  it('counts requests, attempts, tokens, cost and stream latencies exactly, with x-bf-dim labels', async () => {
    const before = await scrape();
    const team = { 'x-bf-dim-team': 'alpha' };
    for (let i = 0; i < 3; i++) await (await gw.fetch('/v1/chat/completions', chat({ model: 'openai/gpt-4.1-nano', messages: USER_HELLO }, team))).json();
    for (let i = 0; i < 2; i++) await readSse(await gw.fetch('/v1/chat/completions', chat({ model: 'openai/gpt-4.1-nano', messages: USER_HELLO, stream: true }, team)));
    expect((await gw.fetch('/v1/chat/completions', chat({ model: 'openai/fail-500', messages: USER_HELLO }, team))).status).toBe(500);
    const after = await scrape();
    const delta = (name: string, ...must: string[]) => metricSum(after, name, ...must) - metricSum(before, name, ...must);

    expect(delta('http_requests_total', 'status="200"', 'team="alpha"')).toBe(5);
    expect(delta('http_requests_total', 'status="500"')).toBe(1);
    expect(delta('bifrost_upstream_requests_total', 'provider="openai"', 'model="gpt-4.1-nano"', 'team="alpha"')).toBe(5);
    expect(delta('bifrost_success_requests_total', 'model="gpt-4.1-nano"')).toBe(5);
    expect(delta('bifrost_error_requests_total', 'model="fail-500"', 'reason="server_error"')).toBe(1);
    // 16 prompt tokens each; 363 completion tokens per JSON answer, 300 per streamed one.
    expect(delta('bifrost_input_tokens_total', 'model="gpt-4.1-nano"')).toBe(5 * 16);
    expect(delta('bifrost_output_tokens_total', 'model="gpt-4.1-nano"')).toBe(3 * 363 + 2 * 300);
    expect(delta('bifrost_cost_total', 'model="gpt-4.1-nano"')).toBeCloseTo((80 * 0.1 + 1689 * 0.4) / 1e6, 12);
    expect(delta('bifrost_stream_first_token_latency_seconds_count')).toBe(2);
    expect(delta('bifrost_stream_inter_token_latency_seconds_count')).toBeGreaterThan(2 * 250);
    expect(delta('http_request_duration_seconds_count')).toBe(6);
    expect(delta('bifrost_upstream_latency_seconds_count')).toBe(6);
  });

  it('counts a streamed request once, and each of its attempts, when it falls back', async () => {
    const before = await scrape();
    const res = await gw.fetch('/v1/chat/completions', chat({ model: 'openai/stream-error-first', messages: USER_HELLO, stream: true, fallbacks: ['openai/gpt-4.1-nano'] }));
    await readSse(res);
    const after = await scrape();
    const delta = (name: string, ...must: string[]) => metricSum(after, name, ...must) - metricSum(before, name, ...must);
    expect(delta('http_requests_total')).toBe(1);
    expect(delta('bifrost_upstream_requests_total')).toBe(2);
    expect(delta('bifrost_error_requests_total', 'model="stream-error-first"')).toBe(1);
    expect(delta('bifrost_success_requests_total', 'model="gpt-4.1-nano"')).toBe(1);
  });

  it('counts embeddings: their upstream request, tokens and cost', async () => {
    const before = await scrape();
    const embed = (model: string) => gw.fetch('/v1/embeddings', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model, input: 'x' }) });
    expect((await embed('openai/text-embedding-3-small')).status).toBe(200);
    expect((await embed('openai/fail-500')).status).toBe(500);
    const after = await scrape();
    const delta = (name: string, ...must: string[]) => metricSum(after, name, ...must) - metricSum(before, name, ...must);
    expect(delta('bifrost_upstream_requests_total', 'model="text-embedding-3-small"')).toBe(1);
    expect(delta('bifrost_input_tokens_total', 'model="text-embedding-3-small"')).toBe(12);
    expect(delta('bifrost_cost_total', 'model="text-embedding-3-small"')).toBeCloseTo((12 * 0.02) / 1e6, 15);
    expect(delta('bifrost_error_requests_total', 'model="fail-500"')).toBe(1);
    expect(delta('http_requests_total', 'path="/v1/embeddings"')).toBe(2);
  });

  it('counts isolated plugin failures, by plugin and hook', async () => {
    const thrower = recordingPlugin('thrower', [], { preLLMHook: () => { throw new Error('boom'); } });
    const gw2 = testGateway({ plugins: [...bundledPlugins, thrower], entries: [{ name: 'thrower', enabled: true }], client: { metrics_flush_interval_ms: 0 } });
    const before = await scrape();
    expect((await gw2.fetch('/v1/chat/completions', chat({ model: 'openai/gpt-4.1-nano', messages: USER_HELLO }))).status).toBe(200);
    const after = await scrape();
    const key = 'heimdall_plugin_failures_total{hook="preLLMHook",plugin="thrower",timed_out="false"}';
    expect((after.get(key) ?? 0) - (before.get(key) ?? 0)).toBe(1);
  });
});
