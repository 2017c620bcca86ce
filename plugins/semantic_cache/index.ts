import { GatewayError } from '../../src/errors/gateway-error';
import { d1VectorStore } from './d1-vector-store';
import type { VectorStore } from './vector-store';
import { vectorizeStore } from './vectorize-store';
import { type CacheHit, contextKey, definePlugin, GatewayKeys, type HookContext, type PreLLMResult, SharedKeys } from '../../src/sdk';
import type { StreamEvent } from '../../src/types/chat';
import { type CacheEntry, type CachedAnswer, cachedAnswers } from './cached-answers';
import { type CacheConfig, configSchema } from './config-schema';
import { type RequestKeys, requestKeys } from './request-keys';
import { readOptions, type RequestOptions } from './request-options';

// Bifrost's semantic_cache: exact (hash) lookups in KV, and in semantic mode embedding lookups in
// Vectorize (D1 where Vectorize is not bound). Answers are stored after the response, in
// waitUntil; a hit short-circuits the provider and replays the answer, streamed or not.

const optionsKey = contextKey<RequestOptions | GatewayError>('semantic_cache.options');
/** A miss that may be stored once its answer is complete. */
interface Pending {
  keys: RequestKeys;
  vector: number[] | undefined;
  ttlSeconds: number;
  /** A stream's events so far. */
  events: StreamEvent[];
}
const pendingKey = contextKey<Pending>('semantic_cache.pending');

const STATUS = 'x-bf-cache-status';

function skip(ctx: HookContext, reason: 'no_cache_key' | 'conversation_too_long'): void {
  ctx.setResponseHeader(STATUS, 'skipped');
  ctx.setResponseHeader('x-bf-cache-skip-reason', reason);
}

/** A hit as the short-circuit the pipeline replays, with `cache_debug` for the client. */
function serve(ctx: HookContext, entry: CacheEntry, hit: CacheHit, threshold: number): PreLLMResult {
  ctx.set(SharedKeys.cacheHit, hit);
  ctx.setResponseHeader(STATUS, 'hit');
  ctx.setResponseHeader('x-bf-cache-hit-type', hit.type);
  const cache_debug = {
    cache_hit: true,
    hit_type: hit.type,
    cache_id: hit.id,
    provider_used: entry.provider,
    model_used: entry.model,
    ...(hit.type === 'semantic' ? { threshold, similarity: hit.similarity } : {}),
  };
  // The gateway adds the cost (0: no provider was paid) to the fields the client gets.
  const extraFields = { cache_debug };
  const { answer } = entry;
  if (answer.kind === 'response') return { response: { ...answer.response, extraFields } };
  return { stream: answer.events.map((e) => (e.type === 'start' ? { ...e, extraFields } : e)) };
}

function vectorStore(env: Cloudflare.Env): VectorStore {
  if (env.VECTORIZE) return vectorizeStore(env.VECTORIZE);
  if (env.DB) return d1VectorStore(env.DB);
  throw new Error('semantic mode needs a Vectorize binding "VECTORIZE" (or, locally, the D1 binding "DB")');
}

export default definePlugin({
  name: 'semantic_cache',
  configSchema,

  init(config: CacheConfig, env, gateway) {
    if (!env.CACHE) throw new Error('semantic_cache needs the KV binding "CACHE" for its answers');
    const answers = cachedAnswers(env.CACHE);
    const semantic = config.dimension > 1;
    const vectors = semantic ? vectorStore(env) : undefined;

    /** The request's embedding, or undefined (logged) if the provider could not give one: then it is a miss. */
    const embed = async (ctx: HookContext, text: string): Promise<number[] | undefined> => {
      try {
        const res = await gateway.embed({ provider: config.provider!, model: config.embedding_model! }, [text], ctx);
        const vector = res.embeddings[0];
        if (vector?.length !== config.dimension) throw new Error(`embedding has ${vector?.length ?? 0} dimensions, config says ${config.dimension}`);
        return vector;
      } catch (err) {
        ctx.log.warn('semantic cache embedding failed; treating as a miss', { error: err instanceof Error ? err.message : String(err) });
        return undefined;
      }
    };

    const lookup = async (ctx: HookContext, keys: RequestKeys, opts: RequestOptions): Promise<{ hit?: PreLLMResult; vector?: number[] }> => {
      if (opts.type !== 'semantic') {
        const entry = await answers.read(keys.direct);
        if (entry) return { hit: serve(ctx, entry, { type: 'direct', id: keys.direct }, opts.threshold) };
      }
      if (!vectors || !keys.semantic || opts.type === 'direct') return {};
      const vector = await embed(ctx, keys.semantic.text);
      if (!vector) return {};
      const match = await vectors.nearest(vector, keys.semantic.scope);
      if (match && match.score >= opts.threshold) {
        const entry = await answers.read(match.id);
        if (entry) return { hit: serve(ctx, entry, { type: 'semantic', id: match.id, similarity: match.score }, opts.threshold) };
      }
      return { vector };
    };

    const store = (ctx: HookContext, pending: Pending, answer: CachedAnswer, provider: string, model: string) => {
      const entry: CacheEntry = { answer, provider, model, expires_at: Date.now() + pending.ttlSeconds * 1000 };
      const { keys, vector } = pending;
      ctx.waitUntil(
        Promise.all([answers.write(keys.direct, entry, pending.ttlSeconds), vector && keys.semantic && vectors?.upsert(keys.direct, vector, keys.semantic.scope, entry.expires_at)]).catch((err) =>
          ctx.log.warn('semantic cache write failed', { error: err instanceof Error ? err.message : String(err) }),
        ),
      );
    };

    return {
      httpPreHook(ctx, req) {
        ctx.set(optionsKey, readOptions(req.headers, config, semantic));
      },

      async preLLMHook(ctx, req) {
        // Chat answers only; only the request as sent is looked up, its fallbacks are not.
        if (req.kind !== 'chat' || ctx.fallbackIndex > 0) return;
        const opts = ctx.get(optionsKey);
        if (!opts) return;
        if (opts instanceof GatewayError) return { error: opts };
        if (!opts.cacheKey) return skip(ctx, 'no_cache_key');
        if (req.messages.length > config.conversation_history_threshold) return skip(ctx, 'conversation_too_long');
        const keys = await requestKeys(req, opts.cacheKey, config, semantic, ctx.get(GatewayKeys.virtualKey));
        const { hit, vector } = await lookup(ctx, keys, opts);
        if (hit) return hit;
        ctx.setResponseHeader(STATUS, 'miss');
        if (!opts.noStore) ctx.set(pendingKey, { keys, vector, ttlSeconds: opts.ttlSeconds, events: [] });
      },

      // A stream is replayed as the events it was sent in: keep the primary attempt's as they pass.
      postLLMHook(ctx, res) {
        const pending = ctx.get(pendingKey);
        if (pending && ctx.isStream && res && ctx.fallbackIndex === 0) pending.events.push(res as StreamEvent);
      },

      // Stores the answer once the request finished, if the primary attempt gave it without error
      // (a stream that failed, or that the client cut off, is never stored).
      onRequestEnd(ctx, finished) {
        const pending = ctx.get(pendingKey);
        const answer = finished.answer;
        if (!pending || answer?.index !== 0 || answer.error || answer.response?.kind !== 'chat') return;
        const model = answer.responseModel ?? answer.model;
        if (!answer.stream) return store(ctx, pending, { kind: 'response', response: answer.response }, answer.provider, model);
        if (pending.events.at(-1)?.type === 'finish') store(ctx, pending, { kind: 'stream', events: pending.events }, answer.provider, model);
      },
    };
  },
});
