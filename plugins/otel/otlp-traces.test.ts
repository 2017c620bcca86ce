import { describe, expect, it } from 'vitest';
import { upstreamUrl } from '../../test/support/gateway';
import { encodeTraces } from './otlp-traces';
import { randomHex } from '../../src/pipeline/trace-context';
import type { Span } from './span';

describe('OTLP trace encoding, decoded by OpenTelemetry\'s own protobuf schema', () => {
  it('round-trips ids, names, kinds, times to the microsecond, attributes of every type, and status', async () => {
    const service = `otlp-roundtrip-${randomHex(4)}`;
    const traceId = randomHex(16);
    const root: Span = {
      traceId,
      spanId: randomHex(8),
      name: 'POST /v1/chat/completions',
      kind: 'server',
      startMs: 1_763_900_000_123.456,
      endMs: 1_763_900_000_200.5,
      attributes: { 'gen_ai.system': 'openai', 'gen_ai.usage.input_tokens': 16, 'gen_ai.request.temperature': 0.5, 'heimdall.cache_hit': false, 'gen_ai.response.finish_reasons': ['stop'] },
      status: { code: 'ok' },
    };
    const child: Span = { ...root, spanId: randomHex(8), parentSpanId: root.spanId, name: 'chat openai/gpt-4.1-nano', kind: 'client', attributes: { negative: -3, zero: 0, empty: '' }, status: { code: 'error', message: 'boom' } };
    const body = encodeTraces([root, child], { 'service.name': service }, { name: 'heimdall', version: '0.1.0' });
    const res = await fetch(`${upstreamUrl()}/otel/v1/traces`, { method: 'POST', headers: { 'content-type': 'application/x-protobuf' }, body });
    expect(res.status).toBe(200);

    const [received] = await (await fetch(`${upstreamUrl()}/__otel/${service}`)).json<any[]>();
    const { scope, spans } = received.request.resourceSpans[0].scopeSpans[0];
    expect(scope).toEqual({ name: 'heimdall', version: '0.1.0' });
    expect(spans).toHaveLength(2);
    expect(spans[0]).toMatchObject({ traceId, spanId: root.spanId, name: root.name, kind: 2, startTimeUnixNano: '1763900000123456000', endTimeUnixNano: '1763900000200500000', status: { code: 1 } });
    expect(spans[0].attributes).toEqual([
      { key: 'gen_ai.system', value: { stringValue: 'openai' } },
      { key: 'gen_ai.usage.input_tokens', value: { intValue: '16' } },
      { key: 'gen_ai.request.temperature', value: { doubleValue: 0.5 } },
      { key: 'heimdall.cache_hit', value: { boolValue: false } },
      { key: 'gen_ai.response.finish_reasons', value: { arrayValue: { values: [{ stringValue: 'stop' }] } } },
    ]);
    expect(spans[1]).toMatchObject({ parentSpanId: root.spanId, kind: 3, status: { code: 2, message: 'boom' }, attributes: [
      { key: 'negative', value: { intValue: '-3' } },
      { key: 'zero', value: { intValue: '0' } },
      { key: 'empty', value: { stringValue: '' } },
    ] });
  });
});
