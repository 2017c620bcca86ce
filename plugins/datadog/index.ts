import { definePlugin } from '../../src/sdk';
import { ExportBatcher, exportFetch } from '../../src/tracing/export-batcher';
import { buildRequestTrace, type TraceSpan } from '../../src/tracing/request-trace';
import { agentTracesUrl } from './agent-url';
import { configSchema, type DatadogConfig } from './config-schema';
import { type DatadogIdentity, toDatadogTrace } from './datadog-spans';
import { encodeTraces } from './encode-traces';

// Bifrost's datadog plugin: every request as an APM trace (the request, each attempt with its LLM
// facts, upstream tries and plugin hooks) sent to a Datadog Agent's trace intake, in batches per
// isolate, from waitUntil. An Agent that is down or hangs never changes or slows a response.

/** dd-trace flushes every 2 s; a Worker's waitUntil should not linger that long per request. */
const FLUSH_DELAY_MS = 500;
/** The Agent is local to the app in Datadog's model: a slow one is treated as down. */
const SEND_TIMEOUT_MS = 5_000;
const MAX_TRACES_PER_SEND = 200;
const MAX_BUFFERED_TRACES = 2_000;

export default definePlugin({
  name: 'datadog',
  configSchema,

  init(config: DatadogConfig) {
    if (!config.enable_traces) return {};
    const url = agentTracesUrl(config.agent_addr);
    if (url instanceof Error) throw new Error(`agent_addr: ${url.message}`);
    const who: DatadogIdentity = { service: config.service_name, env: config.env, version: config.version, customTags: config.custom_tags };

    // Spans become Datadog's when a batch is sent, in waitUntil, not while the response waits.
    const batcher = new ExportBatcher<TraceSpan[]>({
      name: 'datadog',
      maxBuffer: MAX_BUFFERED_TRACES,
      maxBatch: MAX_TRACES_PER_SEND,
      delayMs: FLUSH_DELAY_MS,
      send: (requests) =>
        exportFetch(
          url,
          {
            method: 'PUT',
            // The headers Datadog's tracers send; the Agent counts traces and tags its stats by them.
            headers: {
              'content-type': 'application/msgpack',
              'x-datadog-trace-count': String(requests.length),
              'datadog-meta-lang': 'javascript',
              'datadog-meta-lang-interpreter': 'workerd',
            },
            body: encodeTraces(requests.map((spans) => toDatadogTrace(spans, who))),
          },
          SEND_TIMEOUT_MS,
        ),
    });

    return {
      onRequestEnd(ctx, finished) {
        batcher.push(buildRequestTrace(finished), (p) => ctx.waitUntil(p));
      },
    };
  },
});
