import { z } from 'zod';
import type { LogRow } from '../../src/logging/log-rows';
import { enqueueLog } from '../../src/logging/log-writer';
import { computeCost } from '../../src/pricing/compute-cost';
import { type Completion, contextKey, definePlugin, GatewayKeys, type HookContext, SharedKeys, timelineRecord } from '../../src/sdk';
import type { ChatResponse, StreamEvent } from '../../src/types/chat';

// Bifrost's logging built-in: one D1 row per request when `client.enable_logging` is set.

/** Headers that carry credentials are never copied, whatever `logging_headers` lists. */
const NEVER_LOGGED = new Set(['authorization', 'x-api-key', 'x-bf-vk', 'x-bf-api-key', 'cookie', 'proxy-authorization']);
const MAX_CONTENT = 100_000;

const entryKey = contextKey<LogRow>('logging.entry');

const cut = (text: string) => (text.length > MAX_CONTENT ? `${text.slice(0, MAX_CONTENT)}…[truncated]` : text);

/** Embeddings run no LLM hooks: their row is filled from the completion's upstream outcome. */
function describeEmbedding(row: LogRow, ctx: HookContext, { usage, error }: NonNullable<Completion['embedding']>): void {
  row.provider = ctx.provider ?? null;
  row.model = ctx.model ?? null;
  row.fallback_index = ctx.fallbackIndex;
  row.input_tokens = usage?.prompt_tokens ?? null;
  row.output_tokens = usage ? 0 : null;
  row.cost = usage ? (computeCost(row.model ?? '', usage)?.total ?? null) : null;
  row.error_type = error?.type ?? null;
  row.error_message = error?.message ?? null;
}

export default definePlugin({
  name: 'logging',
  builtin: { position: 1 },
  configSchema: z.looseObject({
    enable_logging: z.boolean().default(false),
    disable_content_logging: z.boolean().default(false),
    logging_headers: z.array(z.string()).default([]),
    /** How long rows wait to share one D1 batch. */
    log_flush_delay_ms: z.number().int().min(0).default(500),
  }),

  init(config, env) {
    const db = env.DB;
    if (!config.enable_logging || !db) return {};
    const content = !config.disable_content_logging;
    const copied = config.logging_headers.map((h) => h.toLowerCase()).filter((h) => !NEVER_LOGGED.has(h));

    return {
      httpPreHook(ctx, req) {
        const headers = Object.fromEntries(copied.filter((h) => req.headers[h] !== undefined).map((h) => [h, req.headers[h]!]));
        const row: LogRow = {
          id: ctx.requestId,
          created_at: ctx.startTime,
          method: req.method,
          path: req.path,
          provider: null,
          model: null,
          requested_model: null,
          virtual_key: null,
          status: 0,
          stream: false,
          latency_ms: 0,
          input_tokens: null,
          output_tokens: null,
          cost: null,
          fallback_index: 0,
          cache_hit: false,
          error_type: null,
          error_message: null,
          request_body: content && req.body !== undefined ? cut(JSON.stringify(req.body)) : null,
          response_text: null,
          headers: copied.length > 0 ? headers : null,
          timeline: null,
        };
        ctx.set(entryKey, row);
        ctx.onComplete(({ status, embedding }) => {
          row.status = status;
          if (embedding) describeEmbedding(row, ctx, embedding);
          row.latency_ms = Date.now() - ctx.startTime;
          row.requested_model = ctx.get(GatewayKeys.requestedModel) ?? null;
          row.virtual_key = ctx.get(GatewayKeys.virtualKey) ?? null;
          const timeline = ctx.get(GatewayKeys.timeline);
          row.timeline = timeline ? timelineRecord(timeline, ctx.startTime) : null;
          // A cached answer cost nothing this time, whatever its tokens.
          if (ctx.get(SharedKeys.cacheHit)) Object.assign(row, { cache_hit: true, cost: 0 });
          enqueueLog(db, row, config.log_flush_delay_ms, (p) => ctx.waitUntil(p));
        });
      },

      // A fallback attempt starts its answer afresh.
      preLLMHook(ctx) {
        const row = ctx.get(entryKey);
        if (row) Object.assign(row, { response_text: null, input_tokens: null, output_tokens: null, cost: null, error_type: null, error_message: null });
      },

      postLLMHook(ctx, res, err) {
        const row = ctx.get(entryKey);
        if (!row) return;
        // The attempt that answered last is the one the row describes.
        row.provider = ctx.provider ?? null;
        row.model = ctx.model ?? null;
        row.fallback_index = ctx.fallbackIndex;
        row.stream = ctx.isStream;
        if (ctx.isStream) {
          const event = res as StreamEvent | undefined;
          if (event?.type === 'text-delta' && content) row.response_text = cut((row.response_text ?? '') + event.text);
          if (event?.type === 'finish' && event.usage) {
            row.input_tokens = event.usage.prompt_tokens;
            row.output_tokens = event.usage.completion_tokens;
            row.cost = computeCost(row.model ?? '', event.usage)?.total ?? null;
          }
        } else if (res) {
          const response = res as ChatResponse;
          const text = response.choices[0]?.message.content;
          if (content) row.response_text = typeof text === 'string' ? cut(text) : null;
          row.input_tokens = response.usage?.prompt_tokens ?? null;
          row.output_tokens = response.usage?.completion_tokens ?? null;
          row.cost = response.usage ? (computeCost(response.model, response.usage)?.total ?? null) : null;
        }
        if (ctx.isFinalChunk || !ctx.isStream) {
          row.error_type = err?.type ?? null;
          row.error_message = err?.message ?? null;
        }
      },
    };
  },
});
