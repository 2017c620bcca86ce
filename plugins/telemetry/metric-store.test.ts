import { describe, expect, it } from 'vitest';
import { DeltaRecorder, labelKey } from '../../src/metrics/metric-delta';
import { MetricStore } from './metric-store';

const bucketLines = (text: string, name: string) => text.split('\n').filter((l) => l.startsWith(`${name}_bucket`) || l.startsWith(`${name}_count`) || l.startsWith(`${name}_sum`));

describe('histograms bucketed in the isolate', () => {
  it('renders cumulative buckets from per-bucket counts merged across deltas', () => {
    const a = new DeltaRecorder();
    a.observeAll('lat', { p: 'x' }, [0.001, 0.005, 0.0051, 0.3, 200]);
    const b = new DeltaRecorder();
    b.observe('lat', { p: 'x' }, 0.02);
    const store = new MetricStore({ lat: 'latency' });
    store.merge(a.drain()!);
    store.merge(b.drain()!);
    const lines = bucketLines(store.render(), 'lat');
    // A bound counts every observation at or below it; 200 s is above every bound (+Inf only).
    expect(lines).toContain('lat_bucket{p="x",le="0.005"} 2');
    expect(lines).toContain('lat_bucket{p="x",le="0.01"} 3');
    expect(lines).toContain('lat_bucket{p="x",le="0.025"} 4');
    expect(lines).toContain('lat_bucket{p="x",le="0.25"} 4');
    expect(lines).toContain('lat_bucket{p="x",le="0.5"} 5');
    expect(lines).toContain('lat_bucket{p="x",le="120"} 5');
    expect(lines).toContain('lat_bucket{p="x",le="+Inf"} 6');
    expect(lines).toContain('lat_count{p="x"} 6');
    expect(Number(lines.find((l) => l.startsWith('lat_sum'))!.split(' ')[1])).toBeCloseTo(200.3311, 6);
  });

  it('a delta holds one fixed-size series however many values it saw', () => {
    const r = new DeltaRecorder();
    r.observeAll('gap', {}, Array.from({ length: 10_000 }, (_, i) => i / 1000));
    const series = r.drain()!.histograms.gap![labelKey({})]!;
    expect(series.counts).toHaveLength(15);
    expect(series.count).toBe(10_000);
  });

  it('restores a store saved before per-bucket counts, with the same exposition', () => {
    // What an aggregator's storage held from the previous release: cumulative counts per bound.
    const key = labelKey({ p: 'x' });
    const saved = { counters: [], histograms: [['lat', [[key, { buckets: [2, 3, 4, 4, 4, 4, 5, 5, 5, 5, 5, 5, 5, 5], sum: 200.3312, count: 6 }]]]] };
    const store = new MetricStore({ lat: 'latency' });
    store.restore(saved);
    const before = store.render();
    expect(bucketLines(before, 'lat')).toContain('lat_bucket{p="x",le="0.01"} 3');
    expect(bucketLines(before, 'lat')).toContain('lat_bucket{p="x",le="+Inf"} 6');
    const more = new DeltaRecorder();
    more.observe('lat', { p: 'x' }, 0.007);
    store.merge(more.drain()!);
    expect(bucketLines(store.render(), 'lat')).toContain('lat_bucket{p="x",le="0.01"} 4');
    expect(bucketLines(store.render(), 'lat')).toContain('lat_bucket{p="x",le="0.005"} 2');
    // What it saves now restores to the same figures.
    const again = new MetricStore({ lat: 'latency' });
    again.restore(JSON.parse(JSON.stringify(store.toJSON())));
    expect(again.render()).toBe(store.render());
  });
});
