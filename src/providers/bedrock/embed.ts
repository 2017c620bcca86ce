import { GatewayError } from '../../errors/gateway-error';
import type { EmbeddingRequest, EmbeddingResponse } from '../../types/chat';
import { readJson } from '../read-json';
import type { ProviderCall } from '../types';
import { invalidUpstream } from '../upstream-errors';
import { bedrockFetch } from './bedrock-fetch';
import { cohereEmbeddingSchema, titanEmbeddingSchema } from './wire';

// InvokeModel speaks each model family's own body. Titan embeds one text per call; Cohere a list.

const isCohere = (model: string) => /^(?:[a-z]{2,4}\.)?cohere\./.test(model);
const TOKEN_COUNT_HEADER = 'x-amzn-bedrock-input-token-count';

function unparseable(provider: string, what: string): GatewayError {
  return invalidUpstream(provider, 'invalid_upstream_response', `sent ${what} that does not parse`);
}

function dimensionsOf(req: EmbeddingRequest): number | undefined {
  const { dimensions } = req.params;
  if (dimensions === undefined || dimensions === null) return undefined;
  if (!/titan-embed-text-v2/.test(req.model)) {
    throw GatewayError.invalidRequest('on bedrock, dimensions is supported only by amazon.titan-embed-text-v2', 'unsupported_parameter', 'dimensions');
  }
  if (typeof dimensions !== 'number') throw GatewayError.invalidRequest('dimensions must be a number', 'invalid_parameter', 'dimensions');
  return dimensions;
}

async function embedTitan(req: EmbeddingRequest, call: ProviderCall): Promise<EmbeddingResponse> {
  const provider = call.provider.name;
  const dimensions = dimensionsOf(req);
  const results = await Promise.all(
    req.input.map(async (inputText) => {
      const res = await bedrockFetch(call, req.model, 'invoke', { inputText, ...(dimensions ? { dimensions, normalize: true } : {}) });
      const parsed = titanEmbeddingSchema.safeParse(await readJson(res, provider));
      if (!parsed.success) throw unparseable(provider, 'a Titan embedding');
      const tokens = parsed.data.inputTextTokenCount ?? Number(res.headers.get(TOKEN_COUNT_HEADER) ?? 0);
      return { embedding: parsed.data.embedding, tokens };
    }),
  );
  const tokens = results.reduce((sum, r) => sum + r.tokens, 0);
  return { kind: 'embedding', model: req.model, provider, embeddings: results.map((r) => r.embedding), usage: { prompt_tokens: tokens, total_tokens: tokens } };
}

async function embedCohere(req: EmbeddingRequest, call: ProviderCall): Promise<EmbeddingResponse> {
  const provider = call.provider.name;
  dimensionsOf(req);
  const res = await bedrockFetch(call, req.model, 'invoke', { texts: req.input, input_type: 'search_document' });
  const parsed = cohereEmbeddingSchema.safeParse(await readJson(res, provider));
  if (!parsed.success) throw unparseable(provider, 'a Cohere embedding');
  const { embeddings } = parsed.data;
  const tokenHeader = res.headers.get(TOKEN_COUNT_HEADER);
  const tokens = tokenHeader === null ? undefined : Number(tokenHeader);
  return {
    kind: 'embedding',
    model: req.model,
    provider,
    embeddings: Array.isArray(embeddings) ? embeddings : embeddings.float,
    ...(tokens !== undefined && Number.isFinite(tokens) ? { usage: { prompt_tokens: tokens, total_tokens: tokens } } : {}),
  };
}

/** Cohere models by their `cohere.` id; every other model gets Titan's body. */
export function embedBedrock(req: EmbeddingRequest, call: ProviderCall): Promise<EmbeddingResponse> {
  return isCohere(req.model) ? embedCohere(req, call) : embedTitan(req, call);
}
