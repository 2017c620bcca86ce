import * as z from '../../src/zod';
import { ttlSeconds } from '../../src/config/duration';

// Bifrost's semantic_cache config, field for field. `dimension: 1` is exact (hash) mode with no
// embedding provider; anything larger is semantic mode and needs `provider` + `embedding_model`.
export const configSchema = z
  .strictObject({
    dimension: z.number().check(z.int(), z.positive()),
    provider: z.optional(z.string().check(z.minLength(1))),
    embedding_model: z.optional(z.string().check(z.minLength(1))),
    threshold: z._default(z.number().check(z.gte(0), z.lte(1)), 0.8),
    ttl: z.pipe(
      z._default(z.union([z.number(), z.string()]), 300),
      z.transform((v, ctx) => ttlSeconds(v) ?? (ctx.issues.push({ code: 'custom', input: v, message: 'seconds (300) or a duration ("30s", "5m", "1h", "1d")' }), z.NEVER)),
    ),
    cache_by_model: z._default(z.boolean(), true),
    cache_by_provider: z._default(z.boolean(), true),
    exclude_system_prompt: z._default(z.boolean(), false),
    conversation_history_threshold: z._default(z.number().check(z.int(), z.positive()), 3),
    default_cache_key: z.optional(z.string().check(z.minLength(1))),
  })
  .check(
    z.superRefine((c, ctx) => {
      if (c.dimension > 1 && (!c.provider || !c.embedding_model)) {
        ctx.addIssue({ code: 'custom', path: [c.provider ? 'embedding_model' : 'provider'], message: `semantic mode (dimension ${c.dimension}) needs "provider" and "embedding_model"; use dimension 1 for exact caching without embeddings` });
      }
      if (c.dimension === 1 && c.provider) {
        ctx.addIssue({ code: 'custom', path: ['dimension'], message: 'dimension 1 is exact mode, which embeds nothing: set it to the embedding model\'s dimension to use "provider"' });
      }
    }),
  );

export type CacheConfig = z.output<typeof configSchema>;
