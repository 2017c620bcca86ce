import { DurableObject } from 'cloudflare:workers';
import type { MetricDelta } from '../../src/metrics/metric-delta';
import { METRIC_HELP } from './metric-names';
import { MetricStore } from './metric-store';

/**
 * One object for the whole gateway: every isolate sends it its deltas (in waitUntil), so /metrics
 * reports the gateway's figures rather than one isolate's memory. The store survives eviction in
 * the object's storage.
 */
export class MetricsAggregator extends DurableObject<Cloudflare.Env> {
  private readonly store = new MetricStore(METRIC_HELP);

  constructor(ctx: DurableObjectState, env: Cloudflare.Env) {
    super(ctx, env);
    void ctx.blockConcurrencyWhile(async () => {
      const saved = await ctx.storage.get('store');
      if (saved) this.store.restore(saved);
    });
  }

  async ingest(delta: MetricDelta): Promise<void> {
    this.store.merge(delta);
    await this.ctx.storage.put('store', this.store.toJSON());
  }

  render(): string {
    return this.store.render();
  }
}
