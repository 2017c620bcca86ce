import { parseBody } from '../parse-body';
import * as z from '../../zod';
import type { EmbeddingRequest, EmbeddingResponse } from '../../types/chat';
import type { Dialect, ExtraFields } from '../dialect';
import { parseModelTarget } from './chat-request';

const body = z.looseObject({
  model: z.string().check(z.minLength(1)),
  input: z.union([z.string(), z.array(z.string()).check(z.minLength(1))]),
  encoding_format: z.optional(z.enum(['float', 'base64'])),
  dimensions: z.optional(z.number().check(z.int(), z.positive())),
  fallbacks: z.optional(z.array(z.string().check(z.minLength(1)))),
});

/** An OpenAI embeddings body → the canonical request, or a 400 naming the field. */
function parse(raw: unknown, knownProviders: ReadonlySet<string>): EmbeddingRequest {
  // Token-array inputs are OpenAI-only and mean nothing to other providers: say so plainly.
  const hint = (path: PropertyKey[]) => (path[0] === 'input' ? ' (input must be a string or a list of strings)' : '');
  const { model, input, encoding_format, fallbacks, ...params } = parseBody(body, raw, hint);
  return {
    kind: 'embedding',
    // Bare model names parse too: a virtual key's weighted provider configs may route them.
    ...parseModelTarget(model, knownProviders, 'model', true),
    input: typeof input === 'string' ? [input] : input,
    params,
    fallbacks: (fallbacks ?? []).map((f, i) => parseModelTarget(f, knownProviders, `fallbacks[${i}]`)),
    encodingFormat: encoding_format ?? 'float',
  };
}

/** OpenAI's embeddings list; base64 is the little-endian float32 bytes, as OpenAI sends it. */
function encodeResponse(res: EmbeddingResponse, extraFields: ExtraFields, req: EmbeddingRequest): Record<string, unknown> {
  return {
    object: 'list',
    data: res.embeddings.map((embedding, index) => ({ object: 'embedding', index, embedding: req.encodingFormat === 'base64' ? toBase64(embedding) : embedding })),
    model: res.model,
    usage: res.usage ?? { prompt_tokens: 0, total_tokens: 0 },
    extra_fields: extraFields,
  };
}

export const embeddingsDialect: Dialect<EmbeddingRequest> = { parse, encodeResponse, errorBody: (err) => err.toJSON(), doneMarker: true };

function toBase64(vector: number[]): string {
  const bytes = new Uint8Array(new Float32Array(vector).buffer);
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary);
}
