import { describe, expect, it } from 'vitest';
import { recorder } from '../metrics/recorder';
import { ExportBatcher } from './export-batcher';

/** A send whose batches are recorded and which can be held open until released. */
function sink(opts: { hold?: boolean; fail?: boolean } = {}) {
  const batches: number[][] = [];
  const releases: (() => void)[] = [];
  const send = async (batch: number[]) => {
    batches.push(batch);
    if (opts.hold) await new Promise<void>((r) => releases.push(r));
    if (opts.fail) throw new Error('backend down');
  };
  return { batches, releases, send };
}

const collect = () => {
  const promises: Promise<unknown>[] = [];
  return { waitUntil: (p: Promise<unknown>) => void promises.push(p), settled: () => Promise.all(promises) };
};

const dropped = (exporter: string) => {
  const counters = recorder.drain()?.counters.heimdall_export_dropped_total ?? {};
  return Object.fromEntries(Object.entries(counters).filter(([k]) => k.includes(`"${exporter}"`)).map(([k, v]) => [JSON.parse(k)[1][1], v]));
};

describe('ExportBatcher', () => {
  it('sends what arrives within the delay as one batch, inside waitUntil', async () => {
    const s = sink();
    const b = new ExportBatcher({ name: 't-window', maxBuffer: 10, maxBatch: 10, delayMs: 0, send: s.send });
    const ctx = collect();
    b.push(1, ctx.waitUntil);
    b.push(2, ctx.waitUntil);
    expect(s.batches).toEqual([]);
    await ctx.settled();
    expect(s.batches).toEqual([[1, 2]]);
  });

  it('sends a full batch at once instead of waiting out the delay', async () => {
    const s = sink();
    // A delay longer than the test's timeout: only the batch size can end this wait.
    const b = new ExportBatcher({ name: 't-full', maxBuffer: 10, maxBatch: 2, delayMs: 3_600_000, send: s.send });
    const ctx = collect();
    b.push(1, ctx.waitUntil);
    b.push(2, ctx.waitUntil);
    await ctx.settled();
    expect(s.batches).toEqual([[1, 2]]);
  });

  it('keeps one send in flight and, while it hangs, only the newest maxBuffer items (the rest counted)', async () => {
    const s = sink({ hold: true });
    const b = new ExportBatcher({ name: 't-bounded', maxBuffer: 3, maxBatch: 1, delayMs: 0, send: s.send });
    const ctx = collect();
    b.push(1, ctx.waitUntil);
    await new Promise((r) => setTimeout(r, 10));
    expect(s.batches).toEqual([[1]]);
    for (const n of [2, 3, 4, 5, 6]) b.push(n, ctx.waitUntil);
    expect(s.batches).toHaveLength(1);
    expect(dropped('t-bounded')).toEqual({ buffer_full: 2 });
    while (s.releases.length > 0 || s.batches.length < 4) {
      s.releases.shift()?.();
      await new Promise((r) => setTimeout(r, 1));
    }
    await ctx.settled();
    expect(s.batches).toEqual([[1], [4], [5], [6]]);
  });

  it('counts a failed batch as dropped and sends the next one', async () => {
    const failing = sink({ fail: true });
    const b = new ExportBatcher({ name: 't-failed', maxBuffer: 10, maxBatch: 10, delayMs: 0, send: failing.send });
    const ctx = collect();
    b.push(1, ctx.waitUntil);
    b.push(2, ctx.waitUntil);
    await ctx.settled();
    expect(dropped('t-failed')).toEqual({ send_failed: 2 });
    b.push(3, ctx.waitUntil);
    await ctx.settled();
    expect(failing.batches).toEqual([[1, 2], [3]]);
  });

  it('holds a drain in the waitUntil of the push that started it, not in every push', async () => {
    const s = sink();
    const b = new ExportBatcher({ name: 't-owner', maxBuffer: 10, maxBatch: 10, delayMs: 0, send: s.send });
    const ctx = collect();
    const waits: Promise<unknown>[] = [];
    for (const n of [1, 2, 3]) b.push(n, (p) => (waits.push(p), ctx.waitUntil(p)));
    expect(waits).toHaveLength(1);
    await ctx.settled();
    expect(s.batches).toEqual([[1, 2, 3]]);
  });

  it('ends a drain after drainMaxMs even if items keep coming; the next push starts one in its own request', async () => {
    const s = sink({ hold: true });
    const b = new ExportBatcher({ name: 't-handover', maxBuffer: 10, maxBatch: 10, delayMs: 0, drainMaxMs: 0, send: s.send });
    const first = collect();
    b.push(1, first.waitUntil);
    await new Promise((r) => setTimeout(r, 10));
    b.push(2, first.waitUntil); // arrives while [1] is in flight
    s.releases.shift()!();
    await first.settled();
    expect(s.batches).toEqual([[1]]);
    const second = collect();
    b.push(3, second.waitUntil);
    await new Promise((r) => setTimeout(r, 10));
    s.releases.shift()!();
    await second.settled();
    expect(s.batches).toEqual([[1], [2, 3]]);
  });
});
