import type { Attempt } from '../../src/facts/attempt';
import { operationName, sentParams, traceIdOf, type TraceSpan } from '../../src/tracing/request-trace';
import type { DatadogSpan } from './encode-traces';

// The gateway's span tree as Datadog APM spans. Ids: Datadog's are unsigned 64-bit integers; a
// W3C trace id's low 64 bits become `trace_id` and its high 64 bits the `_dd.p.tid` tag, which is
// how Datadog's tracers carry 128-bit ids, so a caller's trace continues across the gateway.
// LLM facts use OpenTelemetry's GenAI names (`gen_ai.*`): Datadog reads them on APM spans, and they
// are what Bifrost's own Datadog plugin tags; Datadog's LLM Observability keys belong to a separate
// intake that needs an API key, which this plugin's config does not have.

export interface DatadogIdentity {
  service: string;
  env: string | undefined;
  version: string | undefined;
  customTags: Readonly<Record<string, string>>;
}

const id64 = (hex: string) => BigInt(`0x${hex.slice(-16)}`);
/** Epoch ms (fractions allowed) → unix nanoseconds, exact to the microsecond. */
const nanos = (ms: number) => BigInt(Math.round(ms * 1000)) * 1000n;

export function toDatadogTrace(spans: readonly TraceSpan[], who: DatadogIdentity): DatadogSpan[] {
  const common: Record<string, string> = { ...who.customTags };
  if (who.env) common.env = who.env;
  if (who.version) common.version = who.version;
  const traceId = id64(traceIdOf(spans));
  return spans.map((span) => {
    const shape = describe(span);
    const meta: Record<string, string> = { ...common, 'span.kind': span.kind, ...shape.meta };
    const { error } = shape;
    if (error) meta['error.message'] = error;
    return {
      traceId,
      spanId: id64(span.spanId),
      parentId: span.parentSpanId ? id64(span.parentSpanId) : 0n,
      name: shape.name,
      resource: shape.resource,
      service: who.service,
      type: shape.type,
      start: nanos(span.start),
      duration: nanos(Math.max(0, span.end - span.start)),
      error: error ? 1 : 0,
      meta,
      metrics: shape.metrics ?? {},
    };
  });
}

interface Shape {
  name: string;
  resource: string;
  type: string;
  meta: Record<string, string>;
  metrics?: Record<string, number>;
  /** The span's error message, if it failed. */
  error: string | undefined;
}

function describe(span: TraceSpan): Shape {
  const { facts } = span;
  switch (facts.type) {
    case 'request': {
      const r = facts.request;
      const route = r.route ?? r.http.path;
      const meta: Record<string, string> = {
        'http.method': r.http.method,
        'http.route': route,
        'http.status_code': String(r.status),
        'heimdall.request_id': r.requestId,
      };
      // Datadog's tracers set it only for ids wider than 64 bits; a caller's 64-bit id stays one.
      const high = r.trace.traceId.slice(0, 16);
      if (!/^0+$/.test(high)) meta['_dd.p.tid'] = high;
      if (r.virtualKey) meta['heimdall.virtual_key_id'] = r.virtualKey;
      if (r.answer?.cacheHit) meta['heimdall.cache_hit'] = 'true';
      // Server spans fail on 5xx only, as Datadog's tracers mark them; 4xx shows in http.status_code.
      return { name: 'web.request', resource: `${r.http.method} ${route}`, type: 'web', meta, error: r.status >= 500 ? span.error : undefined };
    }
    case 'attempt': {
      const a = facts.attempt;
      // Bifrost's Datadog span names: genai.chat, genai.embedding.
      const operation = operationName(a) === 'embeddings' ? 'embedding' : 'chat';
      const meta: Record<string, string> = {
        'gen_ai.operation.name': operation,
        'gen_ai.provider.name': a.provider,
        'gen_ai.request.model': a.model,
      };
      if (a.answeredBy) meta['heimdall.short_circuit_by'] = a.answeredBy;
      const metrics: Record<string, number> = { 'heimdall.fallback_index': a.index };
      describeLlm(a, meta, metrics);
      return { name: `genai.${operation}`, resource: `${a.provider}/${a.model}`, type: 'llm', meta, metrics, error: span.error };
    }
    case 'try': {
      const { attempt: a, try: t } = facts;
      const meta: Record<string, string> = { 'peer.service': a.provider };
      if (t.status > 0) meta['http.status_code'] = String(t.status);
      if (t.key) meta['heimdall.provider_key'] = t.key;
      return { name: 'http.request', resource: `${a.provider}/${a.model}`, type: 'http', meta, metrics: { 'heimdall.try': t.try }, error: span.error };
    }
    case 'hook': {
      const h = facts.hook;
      return {
        name: `plugin.${h.plugin}.${h.hook}`,
        resource: `${h.plugin}.${h.hook}`,
        type: 'custom',
        meta: { 'heimdall.plugin': h.plugin, 'heimdall.hook': h.hook },
        metrics: { 'heimdall.hook.calls': h.calls },
        error: span.error,
      };
    }
  }
}

/** The attempt's facts: the answer's model, id, finish reasons, usage and cost. */
function describeLlm(llm: Readonly<Attempt>, meta: Record<string, string>, metrics: Record<string, number>): void {
  if (llm.responseModel) meta['gen_ai.response.model'] = llm.responseModel;
  if (llm.responseId) meta['gen_ai.response.id'] = llm.responseId;
  if (llm.finishReasons.length > 0) meta['gen_ai.response.finish_reasons'] = llm.finishReasons.join(',');
  if (llm.error) Object.assign(meta, { 'error.type': llm.error.type, 'http.status_code': String(llm.error.status) });
  for (const [param, key] of REQUEST_PARAMS) {
    const value = sentParams(llm)[param];
    if (typeof value === 'number') metrics[key] = value;
  }
  if (llm.usage) {
    metrics['gen_ai.usage.input_tokens'] = llm.usage.input;
    metrics['gen_ai.usage.output_tokens'] = llm.usage.output;
  }
  // An answer from a plugin (a cache hit, the mocker) paid no provider: no cost to report.
  if (llm.cost !== undefined && !llm.answeredBy) metrics['heimdall.cost_usd'] = llm.cost;
  if (llm.firstTokenAt !== undefined) metrics['heimdall.time_to_first_token_ms'] = llm.firstTokenAt - llm.start;
}

const REQUEST_PARAMS = [
  ['temperature', 'gen_ai.request.temperature'],
  ['top_p', 'gen_ai.request.top_p'],
  ['max_tokens', 'gen_ai.request.max_tokens'],
  ['max_completion_tokens', 'gen_ai.request.max_tokens'],
] as const;
