import * as z from 'zod';
import { ttlSeconds } from '../../src/config/duration';

// Bifrost's semantic_cache config, field for field. `dimension: 1` is exact (hash) mode with no
// embedding provider; anything larger is semantic mode and needs `provider` + `embedding_model`.
export const configSchema = z
  .strictObject({
    dimension: z.number().int().positive(),
    provider: z.string().min(1).optional(),
    embedding_model: z.string().min(1).optional(),
    threshold: z.number().min(0).max(1).default(0.8),
    ttl: z
      .union([z.number(), z.string()])
      .default(300)
      .transform((v, ctx) => ttlSeconds(v) ?? (ctx.addIssue({ code: 'custom', message: 'seconds (300) or a duration ("30s", "5m", "1h", "1d")' }), z.NEVER)),
    cache_by_model: z.boolean().default(true),
    cache_by_provider: z.boolean().default(true),
    exclude_system_prompt: z.boolean().default(false),
    conversation_history_threshold: z.number().int().positive().default(3),
    default_cache_key: z.string().min(1).optional(),
  })
  .superRefine((c, ctx) => {
    if (c.dimension > 1 && (!c.provider || !c.embedding_model)) {
      ctx.addIssue({ code: 'custom', path: [c.provider ? 'embedding_model' : 'provider'], message: `semantic mode (dimension ${c.dimension}) needs "provider" and "embedding_model"; use dimension 1 for exact caching without embeddings` });
    }
    if (c.dimension === 1 && c.provider) {
      ctx.addIssue({ code: 'custom', path: ['dimension'], message: 'dimension 1 is exact mode, which embeds nothing: set it to the embedding model\'s dimension to use "provider"' });
    }
  });

export type CacheConfig = z.output<typeof configSchema>;
