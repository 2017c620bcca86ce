import type { EmbeddingRequest, EmbeddingResponse } from '../../types/chat';
import { invalidUpstream } from '../upstream-errors';
import { bindingEmbeddingSchema } from './wire';

/** Binding inputs of an embedding model. */
export const toWorkersAIEmbeddingInputs = (req: EmbeddingRequest): Record<string, unknown> => ({ text: req.input });

/** What `AI.run` resolved with for an embedding model: `{ shape, data: number[][] }`, usage only from some models. */
export function fromWorkersAIEmbedding(provider: string, model: string, result: unknown): EmbeddingResponse {
  const parsed = bindingEmbeddingSchema.safeParse(result);
  if (!parsed.success) {
    throw invalidUpstream(provider, 'invalid_upstream_response', `returned embeddings that do not parse: ${parsed.error.issues[0]?.message ?? 'unknown'}`);
  }
  const { data, usage } = parsed.data;
  return {
    kind: 'embedding',
    model,
    provider,
    embeddings: data,
    ...(usage ? { usage: { prompt_tokens: usage.prompt_tokens, total_tokens: usage.total_tokens ?? usage.prompt_tokens } } : {}),
  };
}
