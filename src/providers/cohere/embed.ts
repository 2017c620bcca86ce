import type { EmbeddingRequest, EmbeddingResponse } from '../../types/chat';
import { invalidUpstream } from '../upstream-errors';
import { embedResponseSchema } from './wire';

/** Cohere needs to know what the texts are for; stored documents is the neutral default. */
export function toCohereEmbedBody(req: EmbeddingRequest): Record<string, unknown> {
  const p = req.params;
  return {
    model: req.model,
    texts: req.input,
    input_type: typeof p.input_type === 'string' ? p.input_type : 'search_document',
    embedding_types: ['float'],
    ...(typeof p.dimensions === 'number' ? { output_dimension: p.dimensions } : {}),
    ...(typeof p.truncate === 'string' ? { truncate: p.truncate } : {}),
  };
}

export function fromCohereEmbedResponse(provider: string, model: string, json: unknown): EmbeddingResponse {
  const parsed = embedResponseSchema.safeParse(json);
  if (!parsed.success) {
    throw invalidUpstream(provider, 'invalid_upstream_response', `sent an embedding response that does not parse: ${parsed.error.issues[0]?.message ?? 'unknown'}`);
  }
  const tokens = parsed.data.meta?.billed_units?.input_tokens;
  return {
    kind: 'embedding',
    model,
    provider,
    embeddings: parsed.data.embeddings.float,
    ...(tokens != null ? { usage: { prompt_tokens: tokens, total_tokens: tokens } } : {}),
  };
}
