import { MsgpackWriter } from './msgpack-writer';

// The Datadog Agent's v0.4 trace intake payload (`PUT /v0.4/traces`, Content-Type
// application/msgpack): an array of traces, each an array of spans, each span a map with the fields
// of the Agent's `pb.Span` (datadog-agent pkg/trace) as Datadog's own tracers write them
// (dd-trace-js `encode/0.4.js`): ids as uint64, start and duration as int64 nanoseconds, error as an
// int, meta as strings and metrics as float64.

export interface DatadogSpan {
  traceId: bigint;
  spanId: bigint;
  /** 0 for a trace's root. */
  parentId: bigint;
  name: string;
  resource: string;
  service: string;
  type: string;
  /** Unix nanoseconds. */
  start: bigint;
  duration: bigint;
  error: 0 | 1;
  meta: Record<string, string>;
  metrics: Record<string, number>;
}

export function encodeTraces(traces: readonly (readonly DatadogSpan[])[]): Uint8Array {
  const w = new MsgpackWriter().array(traces.length);
  for (const trace of traces) {
    w.array(trace.length);
    for (const span of trace) encodeSpan(w, span);
  }
  return w.finish();
}

function encodeSpan(w: MsgpackWriter, s: DatadogSpan): void {
  w.map(12);
  w.str('trace_id').uint64(s.traceId);
  w.str('span_id').uint64(s.spanId);
  w.str('parent_id').uint64(s.parentId);
  w.str('name').str(s.name);
  w.str('resource').str(s.resource);
  w.str('service').str(s.service);
  w.str('type').str(s.type);
  w.str('start').int64(s.start);
  w.str('duration').int64(s.duration);
  w.str('error').fixint(s.error);
  const meta = Object.entries(s.meta);
  w.str('meta').map(meta.length);
  for (const [k, v] of meta) w.str(k).str(v);
  // NaN or Infinity mean nothing as a Datadog metric; leave them out rather than mislead.
  const metrics = Object.entries(s.metrics).filter(([, v]) => Number.isFinite(v));
  w.str('metrics').map(metrics.length);
  for (const [k, v] of metrics) w.str(k).float64(v);
}
