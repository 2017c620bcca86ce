import * as z from 'zod';

// Bedrock Runtime's Converse and InvokeModel wire formats, read partially: only what the translators
// use is checked, the rest passes through loose objects.

export const usageSchema = z.looseObject({
  inputTokens: z.number(),
  outputTokens: z.number(),
  totalTokens: z.number(),
  cacheReadInputTokens: z.number().nullish(),
  cacheWriteInputTokens: z.number().nullish(),
});

const toolUse = z.looseObject({ toolUseId: z.string(), name: z.string(), input: z.unknown() });

/** A reasoning block: readable text with its signature (Claude), or redacted bytes (base64 in JSON). */
const reasoningContent = z.looseObject({
  reasoningText: z.looseObject({ text: z.string().default(''), signature: z.string().nullish() }).nullish(),
  redactedContent: z.string().nullish(),
});

export const converseResponseSchema = z.looseObject({
  output: z.looseObject({
    message: z.looseObject({
      role: z.string().optional(),
      content: z.array(z.looseObject({ text: z.string().optional(), toolUse: toolUse.optional(), reasoningContent: reasoningContent.optional() })),
    }),
  }),
  stopReason: z.string(),
  usage: usageSchema.nullish(),
});

// ConverseStream event payloads, one schema per `:event-type` header value.

export const contentBlockStartSchema = z.looseObject({
  contentBlockIndex: z.number(),
  start: z.looseObject({ toolUse: z.looseObject({ toolUseId: z.string(), name: z.string() }).optional() }).optional(),
});

export const contentBlockDeltaSchema = z.looseObject({
  contentBlockIndex: z.number(),
  delta: z.looseObject({
    text: z.string().optional(),
    toolUse: z.looseObject({ input: z.string() }).optional(),
    reasoningContent: z
      .looseObject({ text: z.string().nullish(), signature: z.string().nullish(), redactedContent: z.string().nullish() })
      .optional(),
  }),
});

export const messageStopSchema = z.looseObject({ stopReason: z.string() });

export const metadataSchema = z.looseObject({ usage: usageSchema.optional() });

/** Exception frames and error bodies: AWS spells the member `message` or, rarely, `Message`. */
export const errorBodySchema = z.looseObject({
  message: z.string().optional(),
  Message: z.string().optional(),
  __type: z.string().optional(),
});

export const titanEmbeddingSchema = z.looseObject({
  embedding: z.array(z.number()),
  inputTextTokenCount: z.number().optional(),
});

/** Cohere on Bedrock: a plain list, or by type when `embedding_types` was asked for (embed v4). */
export const cohereEmbeddingSchema = z.looseObject({
  embeddings: z.union([z.array(z.array(z.number())), z.looseObject({ float: z.array(z.array(z.number())) })]),
});

export type UsageWire = z.output<typeof usageSchema>;
export type ConverseResponseWire = z.output<typeof converseResponseSchema>;
