import type { MetricDelta } from '../../src/metrics/metric-delta';
import { recorder } from '../../src/metrics/recorder';
import { waitForIdle } from '../../src/core/wait-for-idle';
import { METRIC_HELP } from './metric-names';
import { MetricStore } from './metric-store';

// This isolate's side of telemetry: flush() ships what was recorded into the gateway's `recorder`
// to the aggregator object (or, with no METRICS binding, merges it into a local store).

const local = new MetricStore(METRIC_HELP);
let lastFlush = 0;

const aggregator = (env: Cloudflare.Env) => env.METRICS?.get(env.METRICS.idFromName('gateway'));

/** Ships what was recorded if `intervalMs` passed since the last flush (always when 0). */
export function flushMetrics(env: Cloudflare.Env, intervalMs: number): Promise<void> | undefined {
  const now = Date.now();
  if (now - lastFlush < intervalMs) return undefined;
  lastFlush = now;
  const delta = recorder.drain();
  if (!delta) return undefined;
  return send(env, delta);
}

/** Flushes on their way to the aggregator: a scrape from this isolate waits for them, this long at most. */
const FLUSH_WAIT_MAX_MS = 5000;
const inflight = new Set<Promise<void>>();

function send(env: Cloudflare.Env, delta: MetricDelta): Promise<void> {
  const sending = deliver(env, delta).finally(() => inflight.delete(sending));
  inflight.add(sending);
  return sending;
}

async function deliver(env: Cloudflare.Env, delta: MetricDelta): Promise<void> {
  const stub = aggregator(env);
  if (!stub) return local.merge(delta);
  try {
    await stub.ingest(delta);
  } catch (err) {
    // A failed flush loses these figures, never the request; say so once per failure.
    console.error(JSON.stringify({ level: 'error', msg: 'metrics flush failed', error: String(err) }));
  }
}

/** The gateway-wide exposition, after shipping this isolate's pending figures. */
export async function renderMetrics(env: Cloudflare.Env): Promise<string> {
  const delta = recorder.drain();
  if (delta) await send(env, delta);
  // Other requests' flushes are polled, not awaited: their promises resolve in their I/O context.
  await waitForIdle(() => inflight.size > 0, FLUSH_WAIT_MAX_MS);
  const stub = aggregator(env);
  return stub ? stub.render() : local.render();
}
