import type { EmbeddingRequest, EmbeddingResponse } from '../../types/chat';
import { invalidUpstream } from '../upstream-errors';
import { geminiModelId } from './urls';
import { batchEmbedResponseSchema } from './wire';

/** One batchEmbedContents request per call; `dimensions` becomes Gemini's `outputDimensionality`. */
export function toGeminiEmbedBody(req: EmbeddingRequest): Record<string, unknown> {
  const model = `models/${geminiModelId(req.model)}`;
  const dimensions = typeof req.params.dimensions === 'number' ? req.params.dimensions : undefined;
  return {
    requests: req.input.map((text) => ({
      model,
      content: { parts: [{ text }] },
      ...(dimensions !== undefined ? { outputDimensionality: dimensions } : {}),
    })),
  };
}

/** Gemini does not report token usage for embeddings, so `usage` stays unknown rather than zero. */
export function fromGeminiEmbedResponse(provider: string, req: EmbeddingRequest, json: unknown): EmbeddingResponse {
  const parsed = batchEmbedResponseSchema.safeParse(json);
  if (!parsed.success) {
    throw invalidUpstream(provider, 'invalid_upstream_response', `sent embeddings that do not parse: ${parsed.error.issues[0]?.message ?? 'unknown'}`);
  }
  const embeddings = parsed.data.embeddings.map((e) => e.values);
  if (embeddings.length !== req.input.length) {
    throw invalidUpstream(provider, 'invalid_upstream_response', `sent ${embeddings.length} embeddings for ${req.input.length} inputs`);
  }
  return { kind: 'embedding', model: req.model, provider, embeddings };
}
