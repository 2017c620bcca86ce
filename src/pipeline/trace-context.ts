// W3C Trace Context for one request. The gateway continues an incoming `traceparent` (or starts a
// trace) and sends each upstream try its own `traceparent`, whose parent id is that try's span id,
// so a provider that traces (or a proxy in front of it) joins the caller's trace; tracing plugins
// export the same ids.

export interface TraceContext {
  /** 32 hex chars. */
  traceId: string;
  /** The caller's span (16 hex chars), when a `traceparent` came in. */
  parentSpanId: string | undefined;
  /** Trace flags as received (sampled = "01"), "01" for a trace the gateway starts. */
  flags: string;
}

const HEX = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));
// Ids are made on every request and try: one getRandomValues call per id costs microseconds, so
// random bytes are drawn 4 KiB at a time and handed out in order (each byte used once).
let pool = new Uint8Array(0);
let next = 0;

export function randomHex(bytes: number): string {
  if (next + bytes > pool.length) {
    pool = crypto.getRandomValues(new Uint8Array(4096));
    next = 0;
  }
  let hex = '';
  for (let i = 0; i < bytes; i++) hex += HEX[pool[next++]!];
  return hex;
}
export const randomSpanId = (): string => randomHex(8);

/** W3C `traceparent` (`00-<trace id>-<parent id>-<flags>`), if well formed and not all zeros. */
export function parseTraceparent(header: string | undefined): { traceId: string; parentSpanId: string; flags: string } | undefined {
  const m = header && /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/.exec(header.trim());
  if (!m || /^0+$/.test(m[1]!) || /^0+$/.test(m[2]!)) return undefined;
  return { traceId: m[1]!, parentSpanId: m[2]!, flags: m[3]! };
}

/** The caller's trace if it sent a valid `traceparent`, else a new one. */
export function traceContextFrom(header: string | undefined): TraceContext {
  return parseTraceparent(header) ?? { traceId: randomHex(16), parentSpanId: undefined, flags: '01' };
}

/** The `traceparent` for a call made within `spanId`. */
export const traceparent = (trace: TraceContext, spanId: string): string => `00-${trace.traceId}-${spanId}-${trace.flags}`;
