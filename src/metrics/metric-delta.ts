// What one isolate records between flushes: counter increments and raw histogram observations,
// keyed by metric name and canonical label JSON. Cheap to record; the aggregator does the rest.

export type Labels = Readonly<Record<string, string>>;

export interface MetricDelta {
  counters: Record<string, Record<string, number>>;
  histograms: Record<string, Record<string, number[]>>;
}

const MAX_LABEL_VALUE = 128;

/** Canonical: sorted keys, values cut to a bounded length (cardinality and size stay bounded). */
export const labelKey = (labels: Labels): string =>
  JSON.stringify(Object.keys(labels).sort().map((k) => [k, labels[k]!.slice(0, MAX_LABEL_VALUE)]));

export const labelsOf = (key: string): Labels => Object.fromEntries(JSON.parse(key) as [string, string][]);

export class DeltaRecorder {
  private delta: MetricDelta = { counters: {}, histograms: {} };
  private empty = true;

  inc(name: string, labels: Labels, by = 1): void {
    const series = (this.delta.counters[name] ??= {});
    const key = labelKey(labels);
    series[key] = (series[key] ?? 0) + by;
    this.empty = false;
  }

  observe(name: string, labels: Labels, value: number): void {
    ((this.delta.histograms[name] ??= {})[labelKey(labels)] ??= []).push(value);
    this.empty = false;
  }

  /** Many observations of one series (a stream's inter-token gaps): its label key made once. */
  observeAll(name: string, labels: Labels, values: readonly number[]): void {
    if (values.length === 0) return;
    const series = ((this.delta.histograms[name] ??= {})[labelKey(labels)] ??= []);
    for (const value of values) series.push(value);
    this.empty = false;
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
