import { decode } from '@msgpack/msgpack';
import { describe, expect, it } from 'vitest';
import { type DatadogSpan, encodeTraces } from './encode-traces';

/** The fields whose names are the same in our span and on the wire. */
const same = {
  name: 'web.request',
  resource: 'POST /v1/chat/completions',
  service: 'bifrost',
  type: 'web',
  start: 1_767_323_045_123_456_000n,
  duration: 1_250_000n,
  error: 0,
  meta: { env: 'test' },
  metrics: { 'gen_ai.usage.input_tokens': 16 },
} as const;
const span = (over: Partial<DatadogSpan> = {}): DatadogSpan => ({ traceId: 1n, spanId: 2n, parentId: 0n, ...same, ...over });

describe('Datadog v0.4 msgpack encoding', () => {
  it('decodes (with a msgpack library of its own) to the Agent span fields, 64-bit integers exact', () => {
    const max = (1n << 64n) - 1n;
    const traces = [[span({ traceId: max, spanId: (1n << 63n) + 1n }), span({ spanId: 3n, parentId: (1n << 63n) + 1n, error: 1 })], [span()]];
    const decoded = decode(encodeTraces(traces), { useBigInt64: true }) as Record<string, unknown>[][];
    expect(decoded.map((t) => t.length)).toEqual([2, 1]);
    expect(decoded[0]![0]).toEqual({ trace_id: max, span_id: (1n << 63n) + 1n, parent_id: 0n, ...same });
    expect(decoded[0]![1]).toMatchObject({ parent_id: (1n << 63n) + 1n, error: 1 });
  });

  it('writes strings and maps of every length class, and leaves out metrics that are not finite', () => {
    const long = 'x'.repeat(70_000);
    const meta = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, i === 0 ? long : 'é'.repeat(i * 10)]));
    const decoded = decode(encodeTraces([[span({ meta, metrics: { ok: 0.5, bad: Number.NaN, worse: Infinity } })]]), { useBigInt64: true }) as Record<string, unknown>[][];
    expect(decoded[0]![0]).toMatchObject({ meta, metrics: { ok: 0.5 } });
    expect(Object.keys(decoded[0]![0]!.metrics as object)).toEqual(['ok']);
  });
});
