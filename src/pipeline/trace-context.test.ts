import { describe, expect, it } from 'vitest';
import { parseTraceparent, traceContextFrom, traceparent } from './trace-context';

describe('W3C trace context', () => {
  it('reads a traceparent, refusing malformed and all-zero ids', () => {
    expect(parseTraceparent('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01')).toEqual({ traceId: '4bf92f3577b34da6a3ce929d0e0e4736', parentSpanId: '00f067aa0ba902b7', flags: '01' });
    expect(parseTraceparent('00-00000000000000000000000000000000-00f067aa0ba902b7-01')).toBeUndefined();
    expect(parseTraceparent('00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01')).toBeUndefined();
    expect(parseTraceparent('garbage')).toBeUndefined();
    expect(parseTraceparent(undefined)).toBeUndefined();
  });

  it("continues the caller's trace with its flags, or starts a sampled one", () => {
    const continued = traceContextFrom('00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00');
    expect(traceparent(continued, 'aaaaaaaaaaaaaaaa')).toBe('00-4bf92f3577b34da6a3ce929d0e0e4736-aaaaaaaaaaaaaaaa-00');
    const started = traceContextFrom(undefined);
    expect(started.traceId).toMatch(/^[0-9a-f]{32}$/);
    expect(started).toMatchObject({ parentSpanId: undefined, flags: '01' });
    expect(traceContextFrom(undefined).traceId).not.toBe(started.traceId);
  });
});
