import { z } from 'zod';
import { computeCost } from '../../src/pricing/compute-cost';
import { contextKey, definePlugin, type HookContext, SharedKeys } from '../../src/sdk';
import { flushMetrics, recorder } from '../../src/telemetry/isolate-metrics';
import type { ChatResponse, StreamEvent, Usage } from '../../src/types/chat';

// Bifrost's telemetry built-in: Prometheus metrics for every request, always on, first in the
// `builtin` group. It records into this isolate's delta; the aggregator object sums all isolates.

const requestStart = contextKey<number>('telemetry.request_start');
const attemptStart = contextKey<number>('telemetry.attempt_start');
const lastToken = contextKey<number>('telemetry.last_token');
const dims = contextKey<Record<string, string>>('telemetry.dims');
const path = contextKey<{ method: string; path: string }>('telemetry.route');

const seconds = (from: number | undefined) => (from === undefined ? 0 : (Date.now() - from) / 1000);

export default definePlugin({
  name: 'telemetry',
  builtin: { position: 0 },
  // Built-ins read the gateway's `client` block: these are the keys this one uses.
  configSchema: z.looseObject({
    /** Extra label names, valued per request from `x-bf-dim-<name>` headers. */
    prometheus_labels: z.array(z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/)).max(10).default([]),
    /** How often an isolate ships its figures to the aggregator (0 = after every request). */
    metrics_flush_interval_ms: z.number().int().min(0).default(1000),
  }),

  init(config, env) {
    const labels = (ctx: HookContext, extra: Record<string, string> = {}) => ({
      provider: ctx.provider ?? 'unknown',
      model: ctx.model ?? 'unknown',
      ...ctx.get(dims),
      ...extra,
    });

    const recordAttempt = (ctx: HookContext, response: { usage?: Usage; model?: string } | undefined, error: { type: string } | undefined) => {
      const l = labels(ctx);
      recorder.inc('bifrost_upstream_requests_total', l);
      // Embeddings have no LLM hooks, hence no attempt start: their request start stands in.
      recorder.observe('bifrost_upstream_latency_seconds', l, seconds(ctx.get(attemptStart) ?? ctx.get(requestStart)));
      if (error) recorder.inc('bifrost_error_requests_total', { ...l, reason: error.type });
      else recorder.inc('bifrost_success_requests_total', l);
      const usage = response?.usage;
      if (usage) {
        recorder.inc('bifrost_input_tokens_total', l, usage.prompt_tokens);
        recorder.inc('bifrost_output_tokens_total', l, usage.completion_tokens);
        const cost = computeCost(response.model ?? ctx.model ?? '', usage);
        if (cost) recorder.inc('bifrost_cost_total', l, cost.total);
      }
    };

    const recordHttp = (ctx: HookContext, status: number) => {
      const route = ctx.get(path) ?? { method: 'POST', path: 'unknown' };
      recorder.inc('http_requests_total', { ...route, status: String(status), ...ctx.get(dims) });
      recorder.observe('http_request_duration_seconds', { ...route, ...ctx.get(dims) }, seconds(ctx.get(requestStart)));
      const flushed = flushMetrics(env, config.metrics_flush_interval_ms);
      if (flushed) ctx.waitUntil(flushed);
    };

    return {
      httpPreHook(ctx, req) {
        ctx.set(requestStart, Date.now());
        ctx.onComplete(({ status, embedding }) => {
          if (embedding) recordAttempt(ctx, embedding.usage && { usage: embedding.usage }, embedding.error);
          recordHttp(ctx, status);
        });
        ctx.set(path, { method: req.method, path: req.path });
        const values: Record<string, string> = {};
        for (const name of config.prometheus_labels) values[name] = req.headers[`x-bf-dim-${name.toLowerCase()}`] ?? '';
        ctx.set(dims, values);
      },

      preLLMHook(ctx) {
        ctx.set(attemptStart, Date.now());
        ctx.set(lastToken, 0);
      },

      postLLMHook(ctx, res, err) {
        // A cached answer reached no provider: it counts as a cache hit, not as an upstream request.
        const hit = ctx.get(SharedKeys.cacheHit);
        if (hit) {
          if (ctx.isFinalChunk || !ctx.isStream) recorder.inc('bifrost_cache_hits_total', labels(ctx, { cache_type: hit.type }));
          return;
        }
        if (!ctx.isStream) return recordAttempt(ctx, res as ChatResponse | undefined, err);
        const event = res as StreamEvent | undefined;
        if (event?.type === 'text-delta' || event?.type === 'tool-call-delta') {
          const last = ctx.get(lastToken);
          if (!last) recorder.observe('bifrost_stream_first_token_latency_seconds', labels(ctx), seconds(ctx.get(attemptStart)));
          else recorder.observe('bifrost_stream_inter_token_latency_seconds', labels(ctx), seconds(last));
          ctx.set(lastToken, Date.now());
        }
        if (ctx.isFinalChunk) recordAttempt(ctx, event?.type === 'finish' ? { ...(event.usage ? { usage: event.usage } : {}) } : undefined, err);
      },
    };
  },
});
