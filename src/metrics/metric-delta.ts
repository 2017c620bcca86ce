// What one isolate records between flushes: counter increments and histogram bucket counts,
// keyed by metric name and canonical label JSON. Observations are bucketed as they are recorded,
// so a delta's size depends on its series, not on how many requests (or streamed tokens) it saw.

export type Labels = Readonly<Record<string, string>>;

/** Seconds; Prometheus' defaults stretched to cover long generations. Every histogram uses them. */
export const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

/** One series: per-bucket counts (not cumulative; the last one is above every bound), sum, count. */
export interface Histogram {
  counts: number[];
  sum: number;
  count: number;
}

export interface MetricDelta {
  counters: Record<string, Record<string, number>>;
  histograms: Record<string, Record<string, Histogram>>;
}

const MAX_LABEL_VALUE = 128;

/** Canonical: sorted keys, values cut to a bounded length (cardinality and size stay bounded). */
export const labelKey = (labels: Labels): string =>
  JSON.stringify(Object.keys(labels).sort().map((k) => [k, labels[k]!.slice(0, MAX_LABEL_VALUE)]));

export const labelsOf = (key: string): Labels => Object.fromEntries(JSON.parse(key) as [string, string][]);

export const emptyHistogram = (): Histogram => ({ counts: new Array<number>(LATENCY_BUCKETS.length + 1).fill(0), sum: 0, count: 0 });

/** Adds one observation: one bucket's count, found by the first bound it does not exceed. */
export function addObservation(h: Histogram, value: number): void {
  let i = 0;
  while (i < LATENCY_BUCKETS.length && value > LATENCY_BUCKETS[i]!) i++;
  h.counts[i]!++;
  h.sum += value;
  h.count++;
}

export class DeltaRecorder {
  private delta: MetricDelta = { counters: {}, histograms: {} };
  private empty = true;
  /** Label sets already keyed: a caller passes one object to several metrics (a request's attempt labels to seven). */
  private readonly keys = new WeakMap<Labels, string>();

  private keyOf(labels: Labels): string {
    let key = this.keys.get(labels);
    if (key === undefined) this.keys.set(labels, (key = labelKey(labels)));
    return key;
  }

  inc(name: string, labels: Labels, by = 1): void {
    const series = (this.delta.counters[name] ??= {});
    const key = this.keyOf(labels);
    series[key] = (series[key] ?? 0) + by;
    this.empty = false;
  }

  observe(name: string, labels: Labels, value: number): void {
    addObservation(this.series(name, labels), value);
    this.empty = false;
  }

  /** Many observations of one series (a stream's inter-token gaps): its label key made once. */
  observeAll(name: string, labels: Labels, values: readonly number[]): void {
    if (values.length === 0) return;
    const h = this.series(name, labels);
    for (const value of values) addObservation(h, value);
    this.empty = false;
  }

  private series(name: string, labels: Labels): Histogram {
    return ((this.delta.histograms[name] ??= {})[this.keyOf(labels)] ??= emptyHistogram());
  }

  /** Everything recorded since the last drain, or undefined when nothing was. */
  drain(): MetricDelta | undefined {
    if (this.empty) return undefined;
    const out = this.delta;
    this.delta = { counters: {}, histograms: {} };
    this.empty = true;
    return out;
  }
}
