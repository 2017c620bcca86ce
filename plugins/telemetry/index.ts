import * as z from '../../src/zod';
import { definePlugin, type FinishedRequest } from '../../src/sdk';
import { recorder } from '../../src/metrics/recorder';
import { flushMetrics } from './isolate-metrics';

// Bifrost's telemetry built-in: Prometheus metrics for every request, always on, first in the
// `builtin` group. An observer only: each finished request's facts go into this isolate's delta;
// the aggregator object sums all isolates.

export default definePlugin({
  name: 'telemetry',
  builtin: { position: 0 },
  // Built-ins read the gateway's `client` block: these are the keys this one uses.
  configSchema: z.looseObject({
    /** Extra label names, valued per request from `x-bf-dim-<name>` headers. */
    prometheus_labels: z._default(z.array(z.string().check(z.regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/))).check(z.maxLength(10)), []),
    /** How often an isolate ships its figures to the aggregator (0 = after every request). */
    metrics_flush_interval_ms: z._default(z.number().check(z.int(), z.gte(0)), 1000),
  }),

  init(config, env) {
    const dimensions = (finished: FinishedRequest): Record<string, string> => {
      const values: Record<string, string> = {};
      for (const name of config.prometheus_labels) values[name] = finished.http.headers[`x-bf-dim-${name.toLowerCase()}`] ?? '';
      return values;
    };

    return {
      onRequestEnd(ctx, finished) {
        const dims = dimensions(finished);
        // Route patterns, never raw paths: a scan of random URLs must not mint a series per URL.
        const route = { method: finished.http.method, path: finished.route ?? 'unmatched' };
        recorder.inc('http_requests_total', { ...route, status: String(finished.status), ...dims });
        recorder.observe('http_request_duration_seconds', { ...route, ...dims }, (finished.end - finished.start) / 1000);

        for (const a of finished.attempts) {
          const labels = { provider: a.provider || 'unknown', model: a.model || 'unknown', ...dims };
          if (a.cacheHit) recorder.inc('bifrost_cache_hits_total', { ...labels, cache_type: a.cacheHit.type });
          // Upstream figures count attempts that reached a provider: not a plugin's answer or refusal.
          if (a.answeredBy !== null || a.tries.length === 0) continue;
          recorder.inc('bifrost_upstream_requests_total', labels);
          recorder.observe('bifrost_upstream_latency_seconds', labels, ((a.end ?? finished.end) - a.start) / 1000);
          if (a.error) recorder.inc('bifrost_error_requests_total', { ...labels, reason: a.error.type });
          else recorder.inc('bifrost_success_requests_total', labels);
          if (a.usage) {
            recorder.inc('bifrost_input_tokens_total', labels, a.usage.input);
            recorder.inc('bifrost_output_tokens_total', labels, a.usage.output);
          }
          if (a.cost) recorder.inc('bifrost_cost_total', labels, a.cost);
          if (a.firstTokenAt !== undefined) recorder.observe('bifrost_stream_first_token_latency_seconds', labels, (a.firstTokenAt - a.start) / 1000);
          recorder.observeAll('bifrost_stream_inter_token_latency_seconds', labels, a.interTokenSeconds);
        }

        const flushed = flushMetrics(env, config.metrics_flush_interval_ms);
        if (flushed) ctx.waitUntil(flushed);
      },
    };
  },
});
