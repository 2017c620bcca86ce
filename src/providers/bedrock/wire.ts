import * as z from '../../zod';

// Bedrock Runtime's Converse and InvokeModel wire formats, read partially: only what the translators
// use is checked, the rest passes through loose objects.

export const usageSchema = z.looseObject({
  inputTokens: z.number(),
  outputTokens: z.number(),
  totalTokens: z.number(),
  cacheReadInputTokens: z.nullish(z.number()),
  cacheWriteInputTokens: z.nullish(z.number()),
});

const toolUse = z.looseObject({ toolUseId: z.string(), name: z.string(), input: z.unknown() });

/** A reasoning block: readable text with its signature (Claude), or redacted bytes (base64 in JSON). */
const reasoningContent = z.looseObject({
  reasoningText: z.nullish(z.looseObject({ text: z._default(z.string(), ''), signature: z.nullish(z.string()) })),
  redactedContent: z.nullish(z.string()),
});

export const converseResponseSchema = z.looseObject({
  output: z.looseObject({
    message: z.looseObject({
      role: z.optional(z.string()),
      content: z.array(z.looseObject({ text: z.optional(z.string()), toolUse: z.optional(toolUse), reasoningContent: z.optional(reasoningContent) })),
    }),
  }),
  stopReason: z.string(),
  usage: z.nullish(usageSchema),
});

// ConverseStream event payloads, one schema per `:event-type` header value.

export const contentBlockStartSchema = z.looseObject({
  contentBlockIndex: z.number(),
  start: z.optional(z.looseObject({ toolUse: z.optional(z.looseObject({ toolUseId: z.string(), name: z.string() })) })),
});

export const contentBlockDeltaSchema = z.looseObject({
  contentBlockIndex: z.number(),
  delta: z.looseObject({
    text: z.optional(z.string()),
    toolUse: z.optional(z.looseObject({ input: z.string() })),
    reasoningContent: z.optional(z.looseObject({ text: z.nullish(z.string()), signature: z.nullish(z.string()), redactedContent: z.nullish(z.string()) })),
  }),
});

export const messageStopSchema = z.looseObject({ stopReason: z.string() });

export const metadataSchema = z.looseObject({ usage: z.optional(usageSchema) });

/** Exception frames and error bodies: AWS spells the member `message` or, rarely, `Message`. */
export const errorBodySchema = z.looseObject({
  message: z.optional(z.string()),
  Message: z.optional(z.string()),
  __type: z.optional(z.string()),
});

export const titanEmbeddingSchema = z.looseObject({
  embedding: z.array(z.number()),
  inputTextTokenCount: z.optional(z.number()),
});

/** Cohere on Bedrock: a plain list, or by type when `embedding_types` was asked for (embed v4). */
export const cohereEmbeddingSchema = z.looseObject({
  embeddings: z.union([z.array(z.array(z.number())), z.looseObject({ float: z.array(z.array(z.number())) })]),
});

export type UsageWire = z.output<typeof usageSchema>;
export type ConverseResponseWire = z.output<typeof converseResponseSchema>;
