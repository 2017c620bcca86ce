import { attributes, exportRequest } from './otlp-traces';
import { ProtoWriter } from './protobuf-writer';
import type { AttributeValue } from './span';

// Metrics → OTLP `ExportMetricsServiceRequest` (opentelemetry/proto/collector/metrics/v1),
// protobuf. Field numbers from opentelemetry-proto's metrics.proto. Delta temporality: each
// isolate sends what it counted since its last push, which a collector can sum across isolates
// (a cumulative series per isolate would restart with every new isolate).

const DELTA = 1;

interface Point {
  attributes: Record<string, AttributeValue>;
  startMs: number;
  timeMs: number;
}

export interface SumPoint extends Point {
  value: number;
}

export interface HistogramPoint extends Point {
  count: number;
  sum: number;
  min: number;
  max: number;
  /** Upper bounds; `buckets` has one more entry than `bounds` (the overflow bucket). */
  bounds: readonly number[];
  buckets: readonly number[];
}

export type Metric = { name: string; description: string; unit: string } & (
  | { type: 'sum'; monotonic: boolean; points: SumPoint[] }
  | { type: 'histogram'; points: HistogramPoint[] }
);

function point(w: ProtoWriter, p: Point, attributesField: number): ProtoWriter {
  attributes(w, attributesField, p.attributes);
  return w.timeNanos(2, p.startMs).timeNanos(3, p.timeMs);
}

function metric(w: ProtoWriter, m: Metric): void {
  w.string(1, m.name).string(2, m.description).string(3, m.unit);
  if (m.type === 'sum') {
    w.message(7, (sum) => {
      for (const p of m.points) sum.message(1, (dp) => point(dp, p, 7).double(4, p.value));
      sum.int(2, DELTA).bool(3, m.monotonic);
    });
  } else {
    w.message(9, (hist) => {
      for (const p of m.points) {
        hist.message(1, (dp) =>
          point(dp, p, 9).fixed64(4, p.count).double(5, p.sum).packedFixed64(6, p.buckets).packedDouble(7, p.bounds).double(11, p.min).double(12, p.max),
        );
      }
      hist.int(2, DELTA);
    });
  }
}

export function encodeMetrics(metrics: readonly Metric[], resource: Record<string, AttributeValue>, scope: { name: string; version: string }): Uint8Array {
  return exportRequest(metrics, resource, scope, metric);
}
