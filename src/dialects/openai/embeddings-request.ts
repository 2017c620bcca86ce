import { z } from 'zod';
import { formatIssues } from '../../config/format-issues';
import { GatewayError } from '../../errors/gateway-error';
import type { EmbeddingRequest, EmbeddingResponse, ModelTarget } from '../../types/chat';
import { parseModelTarget } from './chat-request';

const body = z.looseObject({
  model: z.string().min(1),
  input: z.union([z.string(), z.array(z.string()).min(1)]),
  encoding_format: z.enum(['float', 'base64']).optional(),
  dimensions: z.number().int().positive().optional(),
  fallbacks: z.array(z.string().min(1)).optional(),
});

export interface ParsedEmbeddingRequest {
  request: EmbeddingRequest;
  fallbacks: ModelTarget[];
  encodingFormat: 'float' | 'base64';
}

export function parseEmbeddingRequest(raw: unknown, knownProviders: ReadonlySet<string>): ParsedEmbeddingRequest {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw GatewayError.invalidRequest('request body must be a JSON object', 'invalid_body');
  const parsed = body.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    // Token-array inputs are OpenAI-only and mean nothing to other providers: say so plainly.
    const hint = issue.path[0] === 'input' ? ' (input must be a string or a list of strings)' : '';
    throw GatewayError.invalidRequest(formatIssues(parsed.error.issues, raw) + hint, 'invalid_value', issue.path.join('.') || null);
  }
  const { model, input, encoding_format, fallbacks, ...params } = parsed.data;
  return {
    request: { ...parseModelTarget(model, knownProviders, 'model'), input: typeof input === 'string' ? [input] : input, params },
    fallbacks: (fallbacks ?? []).map((f, i) => parseModelTarget(f, knownProviders, `fallbacks[${i}]`)),
    encodingFormat: encoding_format ?? 'float',
  };
}

/** OpenAI's embeddings list; base64 is the little-endian float32 bytes, as OpenAI sends it. */
export function encodeEmbeddingResponse(res: EmbeddingResponse, format: 'float' | 'base64', fallbackIndex: number): Record<string, unknown> {
  return {
    object: 'list',
    data: res.embeddings.map((embedding, index) => ({ object: 'embedding', index, embedding: format === 'base64' ? toBase64(embedding) : embedding })),
    model: res.model,
    usage: res.usage ?? { prompt_tokens: 0, total_tokens: 0 },
    extra_fields: { provider: res.provider, fallback_index: fallbackIndex },
  };
}

function toBase64(vector: number[]): string {
  const bytes = new Uint8Array(new Float32Array(vector).buffer);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}
