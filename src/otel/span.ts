// The gateway's own span model: what one request's trace is made of before it is encoded for a
// backend (OTLP, Datadog). Times are epoch milliseconds with sub-millisecond fractions.

export type AttributeValue = string | number | boolean | readonly string[];

export interface Span {
  traceId: string; // 32 hex chars
  spanId: string; // 16 hex chars
  parentSpanId?: string;
  name: string;
  kind: 'internal' | 'server' | 'client';
  startMs: number;
  endMs: number;
  attributes: Record<string, AttributeValue>;
  status: { code: 'unset' | 'ok' | 'error'; message?: string };
}

export const randomHex = (bytes: number): string => [...crypto.getRandomValues(new Uint8Array(bytes))].map((b) => b.toString(16).padStart(2, '0')).join('');

/** W3C `traceparent` (`00-<trace id>-<parent id>-<flags>`), if well formed and not all zeros. */
export function parseTraceparent(header: string | undefined): { traceId: string; parentSpanId: string } | undefined {
  const m = header && /^00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}$/.exec(header.trim());
  if (!m || /^0+$/.test(m[1]!) || /^0+$/.test(m[2]!)) return undefined;
  return { traceId: m[1]!, parentSpanId: m[2]! };
}
