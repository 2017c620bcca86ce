import { encodeMetrics } from '../../src/otel/otlp-metrics';
import { encodeTraces } from '../../src/otel/otlp-traces';
import { parseTraceparent, type Span } from '../../src/otel/span';
import { contextKey, definePlugin, GatewayKeys, SharedKeys } from '../../src/sdk';
import { ExportBatcher } from '../../src/tracing/export-batcher';
import { llmFactsCollector } from '../../src/tracing/llm-facts';
import { buildRequestTrace, randomTraceId } from '../../src/tracing/request-trace';
import { spanAttributes, spanName } from './attributes';
import { otelConfigSchema, signalUrl } from './config-schema';
import { GenAiMetrics } from './genai-metrics';

// Bifrost's otel plugin: one trace per request (the request, its plugin hooks, each attempt with
// its upstream tries) exported over OTLP/HTTP protobuf, and optionally GenAI metrics pushed over
// OTLP. Exports leave in waitUntil, batched per isolate, so a slow or dead collector costs a
// request nothing.

const SCOPE = { name: 'heimdall.otel', version: '0.1.0' };
/** Spans an isolate holds for the collector at most; older ones are dropped first. */
const MAX_BUFFERED_SPANS = 4096;
/** How long spans wait for company before they are sent. */
const BATCH_DELAY_MS = 200;
/** A collector that has not answered by then is given up on for this batch. */
const EXPORT_TIMEOUT_MS = 5000;

const traceKey = contextKey<{ traceId: string; parentSpanId: string | undefined }>('otel.trace');

export default definePlugin({
  name: 'otel',
  configSchema: otelConfigSchema,

  init(config) {
    const resource = { 'service.name': config.service_name, 'telemetry.sdk.name': 'heimdall', 'telemetry.sdk.language': 'webjs' };
    const post = async (url: string, body: Uint8Array) => {
      const res = await fetch(url, {
        method: 'POST',
        headers: { ...config.headers, 'content-type': 'application/x-protobuf' },
        body,
        signal: AbortSignal.timeout(EXPORT_TIMEOUT_MS),
      });
      // The body is unread on success; cancel it so the connection is released.
      await res.body?.cancel();
      if (!res.ok) throw new Error(`collector answered ${res.status}`);
    };
    const tracesUrl = signalUrl(config.collector_url, 'traces');
    const traces = new ExportBatcher<Span>({
      name: 'otel traces',
      maxBuffer: MAX_BUFFERED_SPANS,
      delayMs: BATCH_DELAY_MS,
      send: (spans) => post(tracesUrl, encodeTraces(spans, resource, SCOPE)),
    });
    const metricsUrl = config.metrics_endpoint ?? signalUrl(config.collector_url, 'metrics');
    const metrics = config.metrics_enabled ? new GenAiMetrics() : undefined;
    let lastPush = Date.now();
    const facts = llmFactsCollector();

    return {
      httpPreHook(ctx, req) {
        // An incoming W3C traceparent makes this request a child of the caller's span.
        const parent = parseTraceparent(req.headers.traceparent);
        const trace = { traceId: parent?.traceId ?? randomTraceId(), parentSpanId: parent?.parentSpanId };
        ctx.set(traceKey, trace);
        ctx.onComplete(({ status }) => {
          const end = Date.now();
          const timeline = ctx.get(GatewayKeys.timeline);
          const llm = facts.take(ctx.requestId);
          if (!timeline) return;
          const request = {
            ...trace,
            requestId: ctx.requestId,
            method: req.method,
            path: req.path,
            status,
            start: ctx.startTime,
            end,
            virtualKey: ctx.get(GatewayKeys.virtualKey),
            cacheHit: ctx.get(SharedKeys.cacheHit) !== undefined,
          };
          const spans = buildRequestTrace(request, timeline, llm).map(
            (s): Span => ({
              traceId: trace.traceId,
              spanId: s.spanId,
              ...(s.parentSpanId && { parentSpanId: s.parentSpanId }),
              name: spanName(s, config.trace_type),
              kind: s.kind,
              startMs: s.start,
              endMs: s.end,
              attributes: spanAttributes(s, config.trace_type),
              status: s.error ? { code: 'error', message: s.error } : { code: 'unset' },
            }),
          );
          traces.push(spans, (p) => ctx.waitUntil(p));

          if (!metrics) return;
          for (const attempt of timeline.attempts) {
            const f = llm.get(attempt.index);
            if (f && !attempt.shortCircuitBy) metrics.record(f, ((attempt.end ?? end) - attempt.start) / 1000);
          }
          // Workers have no background timers: a push rides on the first request after the interval.
          if (end - lastPush < config.metrics_push_interval * 1000) return;
          lastPush = end;
          const drained = metrics.drain(end);
          if (drained.length > 0) ctx.waitUntil(post(metricsUrl, encodeMetrics(drained, resource, SCOPE)).catch((err) => ctx.log.error('otel metrics push failed', { error: String(err) })));
        });
      },
      preLLMHook: facts.preLLMHook,
      postLLMHook: facts.postLLMHook,
    };
  },
});
