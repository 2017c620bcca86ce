import type { HistogramPoint, Metric, SumPoint } from './otlp-metrics';
import type { AttributeValue } from './span';
import type { Attempt } from '../../src/facts/attempt';
import { operationName } from '../../src/tracing/request-trace';

// What the OTLP metrics push carries: the GenAI semantic conventions' client metrics, counted per
// isolate since its last push (delta), plus the gateway's cost in USD.

// Bucket boundaries the GenAI conventions advise for each histogram.
const DURATION_BOUNDS = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92];
const TOKEN_BOUNDS = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864];

type Attrs = Record<string, AttributeValue>;

class Histogram {
  private readonly points = new Map<string, { attributes: Attrs; count: number; sum: number; min: number; max: number; buckets: number[] }>();
  constructor(private readonly bounds: readonly number[]) {}

  record(attributes: Attrs, value: number): void {
    const key = JSON.stringify(attributes);
    let p = this.points.get(key);
    if (!p) this.points.set(key, (p = { attributes, count: 0, sum: 0, min: value, max: value, buckets: new Array<number>(this.bounds.length + 1).fill(0) }));
    p.count++;
    p.sum += value;
    p.min = Math.min(p.min, value);
    p.max = Math.max(p.max, value);
    // OTLP explicit buckets are upper-inclusive: bucket i holds (bounds[i-1], bounds[i]].
    const i = this.bounds.findIndex((b) => value <= b);
    p.buckets[i === -1 ? this.bounds.length : i]!++;
  }

  drain(startMs: number, timeMs: number): HistogramPoint[] {
    const out = [...this.points.values()].map((p) => ({ ...p, bounds: this.bounds, startMs, timeMs }));
    this.points.clear();
    return out;
  }
}

export class GenAiMetrics {
  private readonly duration = new Histogram(DURATION_BOUNDS);
  private readonly tokens = new Histogram(TOKEN_BOUNDS);
  private readonly cost = new Map<string, { attributes: Attrs; value: number }>();
  private since = Date.now();

  /** One LLM call (an attempt), from its facts and its duration. */
  record(llm: Readonly<Attempt>, seconds: number): void {
    const attributes: Attrs = { 'gen_ai.operation.name': operationName(llm), 'gen_ai.provider.name': llm.provider, 'gen_ai.request.model': llm.model };
    if (llm.responseModel) attributes['gen_ai.response.model'] = llm.responseModel;
    this.duration.record(llm.error ? { ...attributes, 'error.type': llm.error.type } : attributes, seconds);
    if (llm.usage) {
      this.tokens.record({ ...attributes, 'gen_ai.token.type': 'input' }, llm.usage.input);
      this.tokens.record({ ...attributes, 'gen_ai.token.type': 'output' }, llm.usage.output);
    }
    if (llm.cost !== undefined) {
      const key = JSON.stringify(attributes);
      const entry = this.cost.get(key) ?? { attributes, value: 0 };
      entry.value += llm.cost;
      this.cost.set(key, entry);
    }
  }

  /** Everything counted since the last drain, as OTLP delta metrics; empty when nothing was. */
  drain(now = Date.now()): Metric[] {
    const startMs = this.since;
    this.since = now;
    const costPoints: SumPoint[] = [...this.cost.values()].map((c) => ({ ...c, startMs, timeMs: now }));
    this.cost.clear();
    const metrics: Metric[] = [
      { name: 'gen_ai.client.operation.duration', description: 'GenAI operation duration', unit: 's', type: 'histogram', points: this.duration.drain(startMs, now) },
      { name: 'gen_ai.client.token.usage', description: 'Number of input and output tokens used', unit: '{token}', type: 'histogram', points: this.tokens.drain(startMs, now) },
      { name: 'heimdall.cost', description: 'Cost of LLM calls at list prices', unit: 'USD', type: 'sum', monotonic: true, points: costPoints },
    ];
    return metrics.filter((m) => m.points.length > 0);
  }
}
