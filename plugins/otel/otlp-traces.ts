import { ProtoWriter } from './protobuf-writer';
import type { AttributeValue, Span } from './span';

// Spans → OTLP `ExportTraceServiceRequest` (opentelemetry/proto/collector/trace/v1), protobuf.
// Field numbers from opentelemetry-proto's trace.proto, common.proto and resource.proto.

const KIND = { internal: 1, server: 2, client: 3 } as const;
const STATUS = { unset: 0, ok: 1, error: 2 } as const;


function anyValue(w: ProtoWriter, value: AttributeValue): void {
  if (typeof value === 'string') w.string(1, value, true);
  else if (typeof value === 'boolean') w.bool(2, value, true);
  else if (typeof value === 'number') {
    if (Number.isInteger(value)) w.int(3, value, true);
    else w.double(4, value);
  } else w.message(5, (arr) => value.forEach((v) => arr.message(1, (item) => anyValue(item, v))));
}

export function attributes(w: ProtoWriter, field: number, attrs: Record<string, AttributeValue>): void {
  for (const [key, value] of Object.entries(attrs)) w.message(field, (kv) => kv.string(1, key).message(2, (v) => anyValue(v, value)));
}

function span(w: ProtoWriter, s: Span): void {
  w.hexBytes(1, s.traceId).hexBytes(2, s.spanId);
  if (s.parentSpanId) w.hexBytes(4, s.parentSpanId);
  w.string(5, s.name).int(6, KIND[s.kind]).timeNanos(7, s.startMs).timeNanos(8, s.endMs);
  attributes(w, 9, s.attributes);
  w.message(15, (st) => st.string(2, s.status.message).int(3, STATUS[s.status.code]));
}

/**
 * The envelope both OTLP export requests share: one resource (field 1 of the request), one
 * instrumentation scope (field 2 of the resource's entry) and its items (field 2 of the scope's).
 */
export function exportRequest<T>(items: readonly T[], resource: Record<string, AttributeValue>, scope: { name: string; version: string }, item: (w: ProtoWriter, value: T) => void): Uint8Array {
  return new ProtoWriter()
    .message(1, (entry) =>
      entry
        .message(1, (r) => attributes(r, 1, resource))
        .message(2, (scoped) => {
          scoped.message(1, (sc) => sc.string(1, scope.name).string(2, scope.version));
          for (const value of items) scoped.message(2, (w) => item(w, value));
        }),
    )
    .finish();
}

export function encodeTraces(spans: readonly Span[], resource: Record<string, AttributeValue>, scope: { name: string; version: string }): Uint8Array {
  return exportRequest(spans, resource, scope, span);
}
