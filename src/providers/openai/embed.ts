import * as z from '../../zod';
import type { EmbeddingRequest, EmbeddingResponse } from '../../types/chat';
import { invalidUpstream } from '../upstream-errors';

const embeddingListSchema = z.looseObject({
  model: z.string(),
  data: z.array(z.looseObject({ index: z.number(), embedding: z.array(z.number()) })),
  usage: z.optional(z.looseObject({ prompt_tokens: z.number(), total_tokens: z.number() })),
});

export function toOpenAIEmbeddingBody(req: EmbeddingRequest): Record<string, unknown> {
  return { ...req.params, model: req.model, input: req.input, encoding_format: 'float' };
}

export function fromOpenAIEmbeddingResponse(provider: string, json: unknown): EmbeddingResponse {
  const parsed = embeddingListSchema.safeParse(json);
  if (!parsed.success) {
    throw invalidUpstream(provider, 'invalid_upstream_response', 'sent an embedding list that does not parse');
  }
  const { model, data, usage } = parsed.data;
  return { kind: 'embedding', model, provider, embeddings: [...data].sort((a, b) => a.index - b.index).map((d) => d.embedding), ...(usage ? { usage: { prompt_tokens: usage.prompt_tokens, total_tokens: usage.total_tokens } } : {}) };
}
