import { describe, expect, it } from 'vitest';
import { bundledPlugins } from '..';
import { loadConfig } from '../../src/config/load-config';
import { randomHex } from '../../src/pipeline/trace-context';
import { chat, readSse, testGateway, upstreamRecords, upstreamUrl, USER_HELLO } from '../../test/support/gateway';
import { signalUrl } from './config-schema';

// The otel plugin against a collector stand-in that decodes with OpenTelemetry's own protobuf
// schema (test/support/upstreams/otel-collector.ts).

type Attr = { key: string; value: Record<string, unknown> };
type DecodedSpan = { traceId: string; spanId: string; parentSpanId?: string; name: string; kind: number; attributes?: Attr[]; status?: { code?: number; message?: string } };

function gatewayWith(otel: Record<string, unknown>, extra: { retries?: boolean; plugins?: Record<string, unknown>[] } = {}) {
  const service = `otel-test-${randomHex(4)}`;
  const gw = testGateway({
    plugins: bundledPlugins,
    entries: [{ name: 'otel', enabled: true, config: { collector_url: `${upstreamUrl()}/otel`, protocol: 'http', service_name: service, ...otel } }, ...(extra.plugins ?? [])],
    ...(extra.retries && { openai: { network_config: { max_retries: 2, retry_backoff_initial: 1, retry_backoff_max: 5 } } }),
  });
  return { gw, service };
}

/** Exports arrive in waitUntil after a short batching delay: poll (bounded) until `n` spans came. */
async function spansOf(service: string, n: number): Promise<{ spans: DecodedSpan[]; headers: Record<string, string> }> {
  for (let i = 0; i < 150; i++) {
    const exports = await (await fetch(`${upstreamUrl()}/__otel/${service}`)).json<{ headers: Record<string, string>; request: any }[]>();
    const spans: DecodedSpan[] = exports.flatMap((e) => e.request.resourceSpans.flatMap((rs: any) => rs.scopeSpans.flatMap((ss: any) => ss.spans)));
    if (spans.length >= n) return { spans, headers: exports[0]!.headers };
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`fewer than ${n} spans reached the collector for ${service}`);
}

const attrs = (span: DecodedSpan): Record<string, unknown> =>
  Object.fromEntries((span.attributes ?? []).map(({ key, value }) => {
    const [kind, v] = Object.entries(value)[0]!;
    if (kind === 'intValue') return [key, Number(v)];
    if (kind === 'arrayValue') return [key, ((v as any).values ?? []).map((x: Record<string, unknown>) => Object.values(x)[0])];
    return [key, v];
  }));

const byName = (spans: DecodedSpan[], name: string) => spans.filter((s) => s.name === name);

describe('otel plugin: one trace per request over OTLP/HTTP', () => {
  it('exports the request, its hooks, the attempt and its tries as one linked trace (genai_extension), under an incoming traceparent', async () => {
    const { gw, service } = gatewayWith({ trace_type: 'genai_extension', headers: { authorization: 'env.OTEL_TEST_AUTH' } });
    const traceparent = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
    const res = await gw.fetch('/v1/chat/completions', chat({ model: 'openai/gpt-4.1-nano', user: 'otel-propagated', messages: USER_HELLO, temperature: 0.3 }, { traceparent }));
    expect(res.status).toBe(200);
    const { spans, headers } = await spansOf(service, 4);
    expect(headers.authorization).toBe('Bearer otel-test-secret');
    expect(headers['content-type']).toBe('application/x-protobuf');

    for (const s of spans) expect(s.traceId).toBe('4bf92f3577b34da6a3ce929d0e0e4736');
    const [root] = byName(spans, 'POST /v1/chat/completions');
    expect(root).toMatchObject({ kind: 2, parentSpanId: '00f067aa0ba902b7' });
    expect(attrs(root!)).toMatchObject({ 'http.request.method': 'POST', 'url.path': '/v1/chat/completions', 'http.response.status_code': 200, 'heimdall.cache_hit': false });

    const [attempt] = byName(spans, 'chat gpt-4.1-nano');
    expect(attempt).toMatchObject({ kind: 3, parentSpanId: root!.spanId });
    expect(attrs(attempt!)).toMatchObject({
      'gen_ai.operation.name': 'chat',
      'gen_ai.system': 'openai',
      'gen_ai.provider.name': 'openai',
      'gen_ai.request.model': 'gpt-4.1-nano',
      'gen_ai.request.temperature': 0.3,
      'gen_ai.response.finish_reasons': ['stop'],
      'gen_ai.usage.input_tokens': 16,
      'gen_ai.usage.output_tokens': 363,
      'heimdall.fallback_index': 0,
    });
    expect(JSON.parse(attrs(attempt!)['gen_ai.input.messages'] as string)).toEqual(USER_HELLO);

    const [tryspan] = byName(spans, 'openai try 0');
    expect(tryspan).toMatchObject({ kind: 3, parentSpanId: attempt!.spanId });
    expect(attrs(tryspan!)).toMatchObject({ 'http.response.status_code': 200, 'heimdall.key_name': 'k1' });
    // The provider received the try span as its parent: its own traces join this one.
    const [upstream] = await upstreamRecords('otel-propagated');
    expect(upstream!.headers.traceparent).toBe(`00-4bf92f3577b34da6a3ce929d0e0e4736-${tryspan!.spanId}-01`);

    // LLM hooks hang under their attempt, transport hooks under the request, each once; observers
    // (otel itself, telemetry, logging) run after the response and add no hook spans.
    const governancePre = byName(spans, 'governance.preLLMHook');
    expect(governancePre).toHaveLength(1);
    expect(governancePre[0]!.parentSpanId).toBe(attempt!.spanId);
    expect(byName(spans, 'governance.httpPreHook')[0]!.parentSpanId).toBe(root!.spanId);
    expect(spans.filter((s) => /^(otel|telemetry|logging)\./.test(s.name))).toEqual([]);
    expect(attrs(byName(spans, 'governance.preLLMHook')[0]!)).toMatchObject({ 'heimdall.plugin': 'governance', 'heimdall.hook': 'preLLMHook', 'heimdall.hook.calls': 1, 'heimdall.hook.failed': false });
  });

  it('shows retries as tries and a fallback as a second attempt, the failed one marked as an error', async () => {
    const { gw, service } = gatewayWith({ trace_type: 'genai_extension' }, { retries: true });
    const res = await gw.fetch('/v1/chat/completions', chat({ model: 'openai/flaky', user: 'otel-flaky', messages: USER_HELLO, fallbacks: ['deepseek/deepseek-chat'] }));
    expect(res.status).toBe(200);
    const first = await spansOf(service, 5);
    expect(byName(first.spans, 'chat flaky')).toHaveLength(1);
    expect(byName(first.spans, 'openai try 0')[0]).toMatchObject({ status: { code: 2 } });
    expect(attrs(byName(first.spans, 'openai try 1')[0]!)['http.response.status_code']).toBe(503);
    expect(attrs(byName(first.spans, 'openai try 2')[0]!)['http.response.status_code']).toBe(200);

    const { service: s2, gw: gw2 } = gatewayWith({ trace_type: 'genai_extension' });
    const res2 = await gw2.fetch('/v1/chat/completions', chat({ model: 'openai/fail-401', messages: USER_HELLO, fallbacks: ['deepseek/deepseek-chat'] }));
    expect(res2.status).toBe(200);
    const { spans } = await spansOf(s2, 6);
    const [failed] = byName(spans, 'chat fail-401');
    const [fallback] = byName(spans, 'chat deepseek-chat');
    expect(failed!.status).toMatchObject({ code: 2, message: expect.stringMatching(/Incorrect API key/) });
    expect(attrs(failed!)).toMatchObject({ 'heimdall.fallback_index': 0, 'error.type': 'invalid_request_error' });
    expect(attrs(fallback!)).toMatchObject({ 'heimdall.fallback_index': 1, 'gen_ai.provider.name': 'deepseek', 'gen_ai.usage.input_tokens': 13 });
    expect(failed!.parentSpanId).toBe(fallback!.parentSpanId);
    // Each attempt ran its own LLM hooks.
    const governancePre = byName(spans, 'governance.preLLMHook').map((s) => s.parentSpanId).sort();
    expect(governancePre).toEqual([failed!.spanId, fallback!.spanId].sort());
  });

  it('speaks OpenInference with trace_type open_inference', async () => {
    const { gw, service } = gatewayWith({ trace_type: 'open_inference' });
    await (await gw.fetch('/v1/chat/completions', chat({ model: 'openai/gpt-4.1-nano', messages: USER_HELLO, max_tokens: 500 }))).json();
    const { spans } = await spansOf(service, 4);
    const a = attrs(byName(spans, 'chat gpt-4.1-nano')[0]!);
    expect(a).toMatchObject({
      'openinference.span.kind': 'LLM',
      'llm.provider': 'openai',
      'llm.model_name': 'gpt-4.1-nano-2025-04-14',
      'llm.token_count.prompt': 16,
      'llm.token_count.completion': 363,
      'llm.token_count.total': 379,
      'llm.input_messages.0.message.role': 'user',
      'llm.input_messages.0.message.content': USER_HELLO[0]!.content,
      'llm.output_messages.0.message.role': 'assistant',
      'input.mime_type': 'application/json',
    });
    expect(JSON.parse(a['llm.invocation_parameters'] as string)).toMatchObject({ max_tokens: 500 });
    expect(a['output.value']).toMatch(/^\*\*Holiday Name:\*\*/);
    expect(a).not.toHaveProperty('gen_ai.usage.input_tokens');
    expect(attrs(byName(spans, 'POST /v1/chat/completions')[0]!)['openinference.span.kind']).toBe('CHAIN');
  });

  it('speaks the Vercel AI SDK vocabulary with trace_type vercel, streamed or not', async () => {
    const { gw, service } = gatewayWith({ trace_type: 'vercel' });
    await (await gw.fetch('/v1/chat/completions', chat({ model: 'openai/gpt-4.1-nano', messages: USER_HELLO }))).json();
    await readSse(await gw.fetch('/v1/chat/completions', chat({ model: 'openai/gpt-4.1-nano', messages: USER_HELLO, stream: true, stream_options: { include_usage: true } })));
    const { spans } = await spansOf(service, 8);
    const generate = attrs(byName(spans, 'ai.generateText.doGenerate')[0]!);
    expect(generate).toMatchObject({ 'ai.operationId': 'ai.generateText.doGenerate', 'ai.model.provider': 'openai', 'ai.model.id': 'gpt-4.1-nano', 'ai.usage.promptTokens': 16, 'ai.usage.completionTokens': 363, 'ai.response.finishReason': 'stop', 'gen_ai.usage.input_tokens': 16 });
    const stream = attrs(byName(spans, 'ai.streamText.doStream')[0]!);
    expect(stream).toMatchObject({ 'ai.operationId': 'ai.streamText.doStream', 'ai.usage.promptTokens': 16, 'ai.usage.completionTokens': 300 });
    expect(stream['ai.response.msToFirstChunk']).toBeTypeOf('number');
    expect(stream['ai.response.text']).toMatch(/^\*\*Holiday Name:\*\*/);
    // A stream's attempt span ends when the stream does: after its upstream try, which stays open
    // until the last event.
    const streamSpan = byName(spans, 'ai.streamText.doStream')[0]! as DecodedSpan & { endTimeUnixNano: string };
    const streamTry = spans.find((s) => s.name === 'openai try 0' && s.parentSpanId === streamSpan.spanId)! as DecodedSpan & { endTimeUnixNano: string };
    expect(BigInt(streamSpan.endTimeUnixNano)).toBeGreaterThanOrEqual(BigInt(streamTry.endTimeUnixNano));
  });

  it('traces embeddings as an embeddings operation with their input tokens, and a plugin\'s answer without a cost', async () => {
    const { gw, service } = gatewayWith({ trace_type: 'genai_extension' });
    const res = await gw.fetch('/v1/embeddings', chat({ model: 'openai/text-embedding-3-small', input: 'hello world' }));
    expect(res.status).toBe(200);
    const { spans } = await spansOf(service, 3);
    const [embedding] = byName(spans, 'embeddings text-embedding-3-small');
    expect(attrs(embedding!)).toMatchObject({ 'gen_ai.operation.name': 'embeddings', 'gen_ai.request.model': 'text-embedding-3-small', 'gen_ai.usage.input_tokens': 12, 'gen_ai.usage.output_tokens': 0 });
    expect(attrs(embedding!)['heimdall.cost_usd']).toBeCloseTo((12 * 0.02) / 1e6, 15);

    const mocked = gatewayWith({ trace_type: 'genai_extension' }, { plugins: [{ name: 'mocker', enabled: true, config: { rules: [{ name: 'all', responses: [{ type: 'success', content: { message: 'canned' } }] }] } }] });
    await (await mocked.gw.fetch('/v1/chat/completions', chat({ model: 'openai/gpt-4o-mini', messages: USER_HELLO }))).json();
    const answered = byName((await spansOf(mocked.service, 3)).spans, 'chat gpt-4o-mini')[0]!;
    expect(answered.kind).toBe(1);
    expect(attrs(answered)).toMatchObject({ 'heimdall.short_circuit_by': 'mocker' });
    expect(attrs(answered)).not.toHaveProperty('heimdall.cost_usd');
  });

  it('never changes the response when the collector is down or hangs', async () => {
    const body = { model: 'openai/gpt-4.1-nano', messages: USER_HELLO };
    const plain = await (await testGateway({ plugins: bundledPlugins }).fetch('/v1/chat/completions', chat(body))).json<any>();
    for (const path of ['/otel-down', '/otel-hang']) {
      const { gw } = gatewayWith({ trace_type: 'genai_extension', collector_url: `${upstreamUrl()}${path}` });
      for (const stream of [false, true]) {
        const res = await gw.fetch('/v1/chat/completions', chat({ ...body, stream }));
        expect(res.status).toBe(200);
        if (stream) expect((await readSse(res)).at(-1)).toBe('[DONE]');
        else {
          const json = await res.json<any>();
          expect(json.choices).toEqual(plain.choices);
          expect(json.usage).toEqual(plain.usage);
        }
      }
    }
  });

  it('pushes GenAI metrics over OTLP when metrics_enabled', async () => {
    const { gw, service } = gatewayWith({ trace_type: 'genai_extension', metrics_enabled: true, metrics_push_interval: 0.001 });
    await new Promise((r) => setTimeout(r, 5));
    await (await gw.fetch('/v1/chat/completions', chat({ model: 'openai/gpt-4.1-nano', messages: USER_HELLO }))).json();
    let metrics: any[] = [];
    for (let i = 0; i < 150 && metrics.length === 0; i++) {
      const exports = await (await fetch(`${upstreamUrl()}/__otel/metrics/${service}`)).json<any[]>();
      metrics = exports.flatMap((e) => e.request.resourceMetrics.flatMap((rm: any) => rm.scopeMetrics.flatMap((sm: any) => sm.metrics)));
      if (metrics.length === 0) await new Promise((r) => setTimeout(r, 20));
    }
    const named = Object.fromEntries(metrics.map((m) => [m.name, m]));
    expect(Object.keys(named).sort()).toEqual(['gen_ai.client.operation.duration', 'gen_ai.client.token.usage', 'heimdall.cost']);
    const tokenPoints = named['gen_ai.client.token.usage'].histogram.dataPoints;
    const byType = Object.fromEntries(tokenPoints.map((p: any) => [attrs(p as DecodedSpan)['gen_ai.token.type'], p]));
    expect(byType.input).toMatchObject({ count: '1', sum: 16 });
    expect(byType.output).toMatchObject({ count: '1', sum: 363 });
    // 363 falls in (256, 1024]: the sixth bucket.
    expect(byType.output.bucketCounts.map(Number)).toEqual([0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(named['gen_ai.client.token.usage'].histogram.aggregationTemporality).toBe(1);
    expect(named['heimdall.cost'].sum).toMatchObject({ isMonotonic: true, aggregationTemporality: 1 });
    expect(named['heimdall.cost'].sum.dataPoints[0].asDouble).toBeCloseTo(0.0001468, 10);
    expect(attrs(named['gen_ai.client.operation.duration'].histogram.dataPoints[0])).toMatchObject({ 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4.1-nano' });
  });
});

describe('otel config', () => {
  const load = (config: Record<string, unknown>) => () =>
    loadConfig({ plugins: [{ name: 'otel', enabled: true, config: { collector_url: 'http://collector:4318', trace_type: 'genai_extension', protocol: 'http', ...config } }] }, bundledPlugins);

  it("takes Bifrost's keys with their defaults", () => {
    expect(load({})).not.toThrow();
    expect(load({ insecure: true, metrics_enabled: true, metrics_endpoint: 'http://collector:4318/v1/metrics', metrics_push_interval: 30, headers: { authorization: 'env.X' } })).not.toThrow();
  });

  it('refuses what a Worker cannot do, with the reason', () => {
    expect(load({ protocol: 'grpc' })).toThrow(/protocol "grpc" cannot run on Cloudflare Workers/);
    expect(load({ tls_ca_cert: '/etc/ca.pem' })).toThrow(/tls_ca_cert cannot be used on Cloudflare Workers/);
    expect(load({ insecure: true, collector_url: 'https://collector:4318' })).toThrow(/insecure.*skip TLS verification/);
  });

  it('refuses bad values naming the field', () => {
    expect(load({ trace_type: 'zipkin' })).toThrow(/trace_type/);
    expect(load({ collector_url: 'collector:4318' })).toThrow(/collector_url/);
    expect(load({ metrics_push_interval: 0 })).toThrow(/metrics_push_interval/);
    expect(load({ colour: 'red' })).toThrow(/colour/);
  });

  it('derives the OTLP signal URLs from collector_url', () => {
    expect(signalUrl('http://collector:4318', 'traces')).toBe('http://collector:4318/v1/traces');
    expect(signalUrl('https://otlp.example.com/otlp/', 'traces')).toBe('https://otlp.example.com/otlp/v1/traces');
    expect(signalUrl('http://collector:4318/v1/traces', 'metrics')).toBe('http://collector:4318/v1/metrics');
  });
});
