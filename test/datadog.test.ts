import { describe, expect, it } from 'vitest';
import { bundledPlugins } from '../plugins';
import { type AgentSpan, agentPayloads } from './support/exports';
import { chat, readSse, testGateway, upstreamUrl, USER_HELLO } from './support/gateway';

// The datadog plugin against a stand-in Agent (test/support/upstreams/datadog-agent.ts) that
// decodes the msgpack with @msgpack/msgpack and refuses what the Agent's span decoder would.

const datadog = (service: string, config: Record<string, unknown> = {}, path = 'dd-agent') =>
  testGateway({
    plugins: bundledPlugins,
    entries: [
      { name: 'hello-world', enabled: true },
      { name: 'datadog', enabled: true, config: { agent_addr: `${upstreamUrl()}/${path}`, service_name: service, ...config } },
    ],
  });

const TRACEPARENT = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
const ask = (gw: ReturnType<typeof testGateway>, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  gw.fetch('/v1/chat/completions', chat({ model: 'openai/gpt-4o-mini', messages: USER_HELLO, ...body }, headers));

const byName = (trace: AgentSpan[], name: string) => trace.filter((s) => s.name === name);
const only = (trace: AgentSpan[], name: string) => {
  const found = byName(trace, name);
  expect(found, name).toHaveLength(1);
  return found[0]!;
};

describe('datadog plugin: APM traces to the Agent', () => {
  it('sends each request as one trace with exact uint64 ids, the caller as parent, and unified service tags', async () => {
    const gw = datadog('dd-shape', { env: 'test', version: '1.2.3', custom_tags: { team: 'platform' } });
    const before = BigInt(Date.now()) * 1_000_000n;
    const res = await ask(gw, { user: 'dd-shape' }, { traceparent: TRACEPARENT });
    expect(res.status).toBe(200);
    const usage = (await res.json<any>()).usage;

    const [payload] = await agentPayloads('dd-shape');
    expect(payload!.headers).toMatchObject({ 'content-type': 'application/msgpack', 'x-datadog-trace-count': '1', 'datadog-meta-lang': 'javascript' });
    const [trace] = payload!.traces;
    const root = only(trace!, 'web.request');
    const attempt = only(trace!, 'genai.chat');
    const upstreamTry = only(trace!, 'http.request');

    for (const span of trace!) {
      // 64-bit integers arrived as msgpack int64/uint64 (the stand-in returns those as strings).
      for (const field of ['trace_id', 'span_id', 'parent_id', 'start', 'duration']) expect(typeof span[field], field).toBe('string');
      // The low 64 bits of the caller's W3C trace id, exactly.
      expect(span.trace_id).toBe(BigInt('0x8448eb211c80319c').toString());
      expect(span).toMatchObject({ service: 'dd-shape', error: 0 });
      expect(span.meta).toMatchObject({ env: 'test', version: '1.2.3', team: 'platform' });
      expect(BigInt(span.start)).toBeGreaterThanOrEqual(before);
      expect(BigInt(span.duration)).toBeGreaterThanOrEqual(0n);
      expect(Object.values(span.metrics).every((v) => typeof v === 'number')).toBe(true);
    }
    expect(new Set(trace!.map((s) => s.span_id)).size).toBe(trace!.length);

    expect(root).toMatchObject({ parent_id: BigInt('0xb7ad6b7169203331').toString(), resource: 'POST /v1/chat/completions', type: 'web' });
    expect(root.meta).toMatchObject({ '_dd.p.tid': '0af7651916cd43dd', 'span.kind': 'server', 'http.method': 'POST', 'http.status_code': '200' });

    expect(attempt).toMatchObject({ parent_id: root.span_id, resource: 'openai/gpt-4o-mini', type: 'llm' });
    expect(attempt.meta).toMatchObject({ 'gen_ai.operation.name': 'chat', 'gen_ai.provider.name': 'openai', 'gen_ai.request.model': 'gpt-4o-mini', 'gen_ai.response.finish_reasons': 'stop' });
    expect(attempt.metrics).toMatchObject({ 'gen_ai.usage.input_tokens': usage.prompt_tokens, 'gen_ai.usage.output_tokens': usage.completion_tokens, 'heimdall.fallback_index': 0 });

    expect(upstreamTry).toMatchObject({ parent_id: attempt.span_id, resource: 'openai/gpt-4o-mini', type: 'http' });
    expect(upstreamTry.meta).toMatchObject({ 'span.kind': 'client', 'peer.service': 'openai', 'http.status_code': '200', 'heimdall.provider_key': 'k1' });

    // Plugin hooks: LLM hooks under their attempt, transport hooks under the request.
    expect(only(trace!, 'plugin.hello-world.preLLMHook')).toMatchObject({ parent_id: attempt.span_id, resource: 'hello-world.preLLMHook', type: 'custom' });
    expect(only(trace!, 'plugin.hello-world.httpPreHook').parent_id).toBe(root.span_id);
  });

  it('starts a trace of its own without a traceparent, carrying the full id across the two id fields', async () => {
    const gw = datadog('dd-own-trace');
    await (await ask(gw, { user: 'dd-own' })).text();
    const [trace] = (await agentPayloads('dd-own-trace'))[0]!.traces;
    const root = only(trace!, 'web.request');
    expect(root.parent_id).toBe('0');
    expect(root.meta['_dd.p.tid']).toMatch(/^[0-9a-f]{16}$/);
    expect(root.trace_id).not.toBe('0');
  });

  it("keeps a 64-bit caller's trace id 64-bit: no _dd.p.tid when the high half is zero", async () => {
    const gw = datadog('dd-64-bit');
    await (await ask(gw, { user: 'dd-64' }, { traceparent: '00-00000000000000008448eb211c80319c-b7ad6b7169203331-01' })).text();
    const root = only((await agentPayloads('dd-64-bit'))[0]!.traces[0]!, 'web.request');
    expect(root.trace_id).toBe(BigInt('0x8448eb211c80319c').toString());
    expect(root.meta).not.toHaveProperty('_dd.p.tid');
  });

  it('marks failed attempts and upstream tries as errors, and a 5xx request too', async () => {
    const gw = datadog('dd-errors');
    const failed = await ask(gw, { model: 'openai/fail-500', user: 'dd-500' });
    expect(failed.status).toBe(500);
    const recovered = await ask(gw, { model: 'openai/fail-401', user: 'dd-401', fallbacks: ['deepseek/deepseek-chat'] });
    expect(recovered.status).toBe(200);

    const traces = (await agentPayloads('dd-errors', 2)).flatMap((p) => p.traces);
    const by = (model: string) => traces.find((t) => t.some((s) => s.resource === `openai/${model}`))!;

    const t500 = by('fail-500');
    expect(only(t500, 'web.request')).toMatchObject({ error: 1, meta: { 'http.status_code': '500' } });
    const a500 = only(t500, 'genai.chat');
    expect(a500.error).toBe(1);
    expect(a500.meta).toMatchObject({ 'error.type': 'server_error', 'http.status_code': '500' });
    expect(a500.meta['error.message']).toBeTruthy();
    for (const t of byName(t500, 'http.request')) expect(t).toMatchObject({ error: 1, meta: { 'http.status_code': '500' } });

    const t401 = by('fail-401');
    expect(only(t401, 'web.request')).toMatchObject({ error: 0, meta: { 'http.status_code': '200' } });
    const attempts = byName(t401, 'genai.chat').sort((a, b) => a.metrics['heimdall.fallback_index']! - b.metrics['heimdall.fallback_index']!);
    expect(attempts.map((a) => [a.resource, a.error, a.metrics['heimdall.fallback_index']])).toEqual([
      ['openai/fail-401', 1, 0],
      ['deepseek/deepseek-chat', 0, 1],
    ]);
    expect(attempts[0]!.meta['http.status_code']).toBe('401');
  });

  it('tags a streamed answer with its usage and time to first token', async () => {
    const gw = datadog('dd-stream');
    const res = await ask(gw, { user: 'dd-stream', stream: true, stream_options: { include_usage: true } });
    const usage = JSON.parse((await readSse(res)).filter((d) => d !== '[DONE]').at(-1)!).usage;
    const attempt = only((await agentPayloads('dd-stream'))[0]!.traces[0]!, 'genai.chat');
    expect(attempt.metrics).toMatchObject({ 'gen_ai.usage.input_tokens': usage.prompt_tokens, 'gen_ai.usage.output_tokens': usage.completion_tokens });
    expect(attempt.metrics['heimdall.time_to_first_token_ms']).toBeGreaterThanOrEqual(0);
  });

  it('names an embeddings attempt genai.embedding, with the input tokens the provider reported', async () => {
    const gw = datadog('dd-embed');
    const res = await gw.fetch('/v1/embeddings', chat({ model: 'openai/text-embedding-3-small', input: 'hello world' }));
    const usage = (await res.json<any>()).usage;
    const [trace] = (await agentPayloads('dd-embed'))[0]!.traces;
    expect(only(trace!, 'web.request').resource).toBe('POST /v1/embeddings');
    const attempt = only(trace!, 'genai.embedding');
    expect(attempt.meta['gen_ai.operation.name']).toBe('embedding');
    expect(attempt.metrics['gen_ai.usage.input_tokens']).toBe(usage.prompt_tokens);
  });

  it('leaves the response alone when the Agent fails or never answers', async () => {
    const answer = async (gw: ReturnType<typeof testGateway>) => {
      const res = await ask(gw, { user: 'dd-resilience', temperature: 0 });
      return { status: res.status, body: await res.json() };
    };
    const plain = await answer(testGateway({ plugins: bundledPlugins }));
    expect(await answer(datadog('dd-down', {}, 'dd-agent-down'))).toEqual(plain);
    expect(await answer(datadog('dd-hang', {}, 'dd-agent-hang'))).toEqual(plain);
  });
});
