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
