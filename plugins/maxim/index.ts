import { definePlugin } from '../../src/sdk';
import { ExportBatcher } from '../../src/tracing/export-batcher';
import { buildRequestTrace } from '../../src/tracing/request-trace';
import { configSchema, type MaximConfig } from './config-schema';
import { readMaximHeaders } from './maxim-headers';
import { pushLogs, type RepoLogs } from './push-logs';
import { requestCommitLogs } from './request-logs';

// Bifrost's maxim plugin: each chat request as a Maxim trace with its generations, pushed to
// Maxim's log API in batches per isolate from waitUntil. It speaks the HTTP API its SDKs use rather
// than bundling @maximai/maxim-js (see README). Maxim being down or slow never touches a response.

const DEFAULT_BASE_URL = 'https://app.getmaxim.ai';
const FLUSH_DELAY_MS = 500;
/** Maxim is a remote API: more patience than for a local Datadog Agent, well inside waitUntil's 30 s. */
const SEND_TIMEOUT_MS = 10_000;
const MAX_REQUESTS_PER_SEND = 100;
const MAX_BUFFERED_REQUESTS = 1_000;

/** `MAXIM_BASE_URL` (the name Maxim's SDKs use) points at a self-hosted Maxim or a stand-in. */
function baseUrl(env: Cloudflare.Env): string {
  const raw = env.MAXIM_BASE_URL ?? DEFAULT_BASE_URL;
  if (!/^https?:\/\/[^/?#]+(\/[^?#]*)?$/.test(raw)) throw new Error(`MAXIM_BASE_URL: "${raw}" is not an http(s) URL without query or fragment`);
  return raw.replace(/\/+$/, '');
}

export default definePlugin({
  name: 'maxim',
  configSchema,

  init(config: MaximConfig, env) {
    const base = baseUrl(env);
    const batcher = new ExportBatcher<RepoLogs>({
      name: 'maxim',
      maxBuffer: MAX_BUFFERED_REQUESTS,
      maxBatch: MAX_REQUESTS_PER_SEND,
      delayMs: FLUSH_DELAY_MS,
      send: (batch) => pushLogs(base, config.api_key, batch, SEND_TIMEOUT_MS),
    });

    return {
      onRequestEnd(ctx, finished) {
        const headers = readMaximHeaders(finished.http.headers);
        if (headers.ignored.length > 0) ctx.log.warn('ignored x-bf-maxim-* ids with characters Maxim refuses (letters, digits, - and _ only)', { headers: headers.ignored });
        // As in Bifrost: without a log repository (header or config) nothing is logged.
        const repo = headers.logRepoId ?? config.log_repo_id;
        if (!repo) return;
        const logs = requestCommitLogs(buildRequestTrace(finished), headers, () => crypto.randomUUID());
        if (logs.length > 0) batcher.push({ repo, logs }, (p) => ctx.waitUntil(p));
      },
    };
  },
});
