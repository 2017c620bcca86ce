import * as z from '../../src/zod';
import { contextKey, definePlugin } from '../../src/sdk';

// Values shared between this plugin's hooks travel in the request context under typed keys.
// Any plugin that knows a key's name can read it; only the `heimdall.` names are read-only.
export const startedAt = contextKey<number>('hello-world.started_at');
export const greetingSent = contextKey<string>('hello-world.greeting');

export default definePlugin({
  name: 'hello-world',
  configSchema: z.object({
    /** Added as the `x-hello` response header and logged by every hook. */
    greeting: z._default(z.string().check(z.minLength(1)), 'hello'),
  }),

  // Runs once per plugin instance (at startup, and again after a reload). Return the hooks.
  init(config) {
    return {
      // Transport level, before the body is parsed: headers and body can be edited in place.
      httpPreHook(ctx, req) {
        ctx.set(startedAt, Date.now());
        ctx.log.info('httpPreHook', { path: req.path });
      },

      // Per attempt (primary, then each fallback), in sequence order, for every kind of request
      // (`req.kind`: 'chat', 'embedding'). Return nothing to go on.
      preLLMHook(ctx, req) {
        ctx.set(greetingSent, `${config.greeting} ${req.provider}/${req.model}`);
      },

      // Per attempt in reverse order; on streams, once per event (`ctx.isFinalChunk` on the last).
      postLLMHook(ctx, _res, err) {
        if (ctx.isFinalChunk) ctx.log.info('postLLMHook', { greeting: ctx.get(greetingSent), ok: !err });
      },

      // Non-streaming responses only: edit status, headers, body in place.
      httpPostHook(ctx, _req, res) {
        res.headers['x-hello'] = ctx.get(greetingSent) ?? config.greeting;
        res.headers['x-hello-elapsed-ms'] = String(Date.now() - (ctx.get(startedAt) ?? Date.now()));
      },

      // Streaming responses only, per chunk: return it edited, `null` to drop it, nothing to keep it.
      streamChunkHook(ctx, _req, chunk) {
        if (ctx.isFinalChunk) ctx.log.info('streamChunkHook: last chunk', { greeting: ctx.get(greetingSent) });
        return chunk;
      },

      // Once per request, after the response (or a stream's last chunk) left, from waitUntil: the
      // finished request with each attempt's facts (usage, cost, finish reasons, errors, tries).
      onRequestEnd(ctx, finished) {
        ctx.log.info('onRequestEnd', { status: finished.status, attempts: finished.attempts.length, cost: finished.cost ?? null });
      },

      // When this instance is replaced (config change) or disabled.
      cleanup() {},
    };
  },
});
