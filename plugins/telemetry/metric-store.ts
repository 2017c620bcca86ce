import { emptyHistogram, type Histogram, type Labels, LATENCY_BUCKETS, labelKey, labelsOf, type MetricDelta } from '../../src/metrics/metric-delta';

// The gateway-wide metrics: merged deltas from every isolate, rendered as Prometheus text.

/** Label sets per metric beyond which new ones fold into one `overflow="other"` series. */
export const MAX_SERIES_PER_METRIC = 2000;
const OVERFLOW = labelKey({ overflow: 'other' });

export class MetricStore {
  private counters = new Map<string, Map<string, number>>();
  private histograms = new Map<string, Map<string, Histogram>>();

  constructor(private readonly help: Readonly<Record<string, string>>) {}

  merge(delta: MetricDelta): void {
    for (const [name, series] of Object.entries(delta.counters)) {
      const target = seriesOf(this.counters, name);
      for (const [key, value] of Object.entries(series)) {
        const k = bounded(target, key);
        target.set(k, (target.get(k) ?? 0) + value);
      }
    }
    for (const [name, series] of Object.entries(delta.histograms)) {
      const target = seriesOf(this.histograms, name);
      for (const [key, add] of Object.entries(series)) {
        const k = bounded(target, key);
        let h = target.get(k);
        if (!h) target.set(k, (h = emptyHistogram()));
        for (let i = 0; i < h.counts.length; i++) h.counts[i]! += add.counts[i] ?? 0;
        h.sum += add.sum;
        h.count += add.count;
      }
    }
  }

  toJSON(): unknown {
    return { counters: [...this.counters].map(([n, s]) => [n, [...s]]), histograms: [...this.histograms].map(([n, s]) => [n, [...s]]) };
  }

  restore(json: unknown): void {
    const data = json as { counters: [string, [string, number][]][]; histograms: [string, [string, Histogram | SavedCumulative][]][] };
    this.counters = new Map(data.counters.map(([n, s]) => [n, new Map(s)]));
    this.histograms = new Map(data.histograms.map(([n, s]) => [n, new Map(s.map(([k, h]) => [k, fromSaved(h)]))]));
  }

  /** The Prometheus text exposition format (0.0.4). */
  render(): string {
    const lines: string[] = [];
    const byName = <T>(m: Map<string, T>) => [...m].sort(([a], [b]) => a.localeCompare(b));
    for (const [name, series] of byName(this.counters)) {
      lines.push(`# HELP ${name} ${this.help[name] ?? name}`, `# TYPE ${name} counter`);
      for (const [key, value] of series) lines.push(`${name}${labelText(labelsOf(key))} ${value}`);
    }
    for (const [name, series] of byName(this.histograms)) {
      lines.push(`# HELP ${name} ${this.help[name] ?? name}`, `# TYPE ${name} histogram`);
      for (const [key, h] of series) {
        const labels = labelsOf(key);
        let cumulative = 0;
        LATENCY_BUCKETS.forEach((le, i) => {
          cumulative += h.counts[i]!;
          lines.push(`${name}_bucket${labelText({ ...labels, le: String(le) })} ${cumulative}`);
        });
        lines.push(`${name}_bucket${labelText({ ...labels, le: '+Inf' })} ${h.count}`);
        lines.push(`${name}_sum${labelText(labels)} ${h.sum}`, `${name}_count${labelText(labels)} ${h.count}`);
      }
    }
    return lines.length > 0 ? `${lines.join('\n')}\n` : '';
  }
}

/** A series as stores before bucket counts were kept saved it: cumulative counts per bound. */
interface SavedCumulative {
  buckets: number[];
  sum: number;
  count: number;
}

/** A saved series in either shape (an aggregator's storage outlives a deploy). */
function fromSaved(h: Histogram | SavedCumulative): Histogram {
  if ('counts' in h) return h;
  const counts = h.buckets.map((c, i) => c - (h.buckets[i - 1] ?? 0));
  counts.push(h.count - (h.buckets.at(-1) ?? 0));
  return { counts, sum: h.sum, count: h.count };
}

function seriesOf<T>(map: Map<string, Map<string, T>>, name: string): Map<string, T> {
  let series = map.get(name);
  if (!series) map.set(name, (series = new Map()));
  return series;
}

const bounded = (series: Map<string, unknown>, key: string): string => (series.has(key) || series.size < MAX_SERIES_PER_METRIC ? key : OVERFLOW);

function labelText(labels: Labels): string {
  const entries = Object.entries(labels);
  if (entries.length === 0) return '';
  const escape = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
  return `{${entries.map(([k, v]) => `${k}="${escape(v)}"`).join(',')}}`;
}
