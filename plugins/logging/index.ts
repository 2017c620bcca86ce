import * as z from '../../src/zod';
import type { LogRow } from './log-rows';
import { enqueueLog } from './log-writer';
import { definePlugin, type FinishedRequest, timelineRecord } from '../../src/sdk';

// Bifrost's logging built-in: one D1 row per request when `client.enable_logging` is set. An
// observer only: the row is the finished request's facts, written in batches from waitUntil.

/** Headers that carry credentials are never copied, whatever `logging_headers` lists. */
const NEVER_LOGGED = new Set(['authorization', 'x-api-key', 'x-bf-vk', 'x-bf-api-key', 'cookie', 'proxy-authorization']);
const MAX_CONTENT = 100_000;
/** Paths of requests that matched no route are the client's to choose: keep them short. */
const MAX_PATH = 512;

const cut = (text: string, max = MAX_CONTENT) => (text.length > max ? `${text.slice(0, max)}…[truncated]` : text);

export default definePlugin({
  name: 'logging',
  builtin: { position: 1 },
  configSchema: z.looseObject({
    enable_logging: z._default(z.boolean(), false),
    disable_content_logging: z._default(z.boolean(), false),
    logging_headers: z._default(z.array(z.string()), []),
    /** How long rows wait to share one D1 batch. */
    log_flush_delay_ms: z._default(z.number().check(z.int(), z.gte(0)), 500),
  }),

  init(config, env) {
    const db = env.DB;
    if (!config.enable_logging || !db) return {};
    const content = !config.disable_content_logging;
    const copied = config.logging_headers.map((h) => h.toLowerCase()).filter((h) => !NEVER_LOGGED.has(h));

    const row = (f: FinishedRequest): LogRow => {
      const { http } = f;
      // The row describes the attempt the client got its answer from, else the last one tried.
      const shown = f.answer ?? f.attempts.at(-1);
      const headers = Object.fromEntries(copied.filter((h) => http.headers[h] !== undefined).map((h) => [h, http.headers[h]!]));
      return {
        id: f.requestId,
        created_at: f.start,
        method: http.method,
        path: cut(http.path, MAX_PATH),
        provider: shown?.provider || null,
        model: shown?.model || null,
        requested_model: f.requestedModel ?? null,
        virtual_key: f.virtualKey ?? null,
        status: f.status,
        stream: f.stream,
        latency_ms: f.end - f.start,
        input_tokens: f.usage?.input ?? null,
        output_tokens: f.usage?.output ?? null,
        cost: f.cost ?? null,
        fallback_index: shown?.index ?? 0,
        cache_hit: f.answer?.cacheHit != null,
        error_type: f.error?.type ?? null,
        error_message: f.error?.message ?? null,
        request_body: content && http.body !== undefined ? cut(JSON.stringify(http.body)) : null,
        response_text: content && f.answer?.kind === 'chat' ? cut(f.answer.outputText) : null,
        headers: copied.length > 0 ? headers : null,
        timeline: timelineRecord(f, f.start),
      };
    };

    return {
      onRequestEnd(ctx, finished) {
        enqueueLog(db, row(finished), config.log_flush_delay_ms, (p) => ctx.waitUntil(p));
      },
    };
  },
});
