import * as z from 'zod';

// What the Workers AI binding returns for text generation and embeddings, read partially. Models
// differ: most answer `{ response, tool_calls?, usage? }` (tool calls either `{ name, arguments }`
// with object arguments or OpenAI-shaped), some newer ones OpenAI's chat completion shape.

export const usageSchema = z.looseObject({
  prompt_tokens: z.number(),
  completion_tokens: z.number(),
  total_tokens: z.number().optional(),
});

export const toolCallSchema = z.looseObject({
  /** Present on streamed OpenAI-style fragments only. */
  index: z.number().optional(),
  id: z.string().nullish(),
  name: z.string().nullish(),
  arguments: z.unknown().optional(),
  function: z.looseObject({ name: z.string().nullish(), arguments: z.unknown().optional() }).nullish(),
});

export const resultSchema = z.looseObject({
  /** A string, a number (Llama 4 sometimes) or, in JSON mode, an object. */
  response: z.unknown().optional(),
  tool_calls: z.array(toolCallSchema).nullish(),
  usage: usageSchema.nullish(),
  finish_reason: z.string().nullish(),
});

export const streamChunkSchema = resultSchema.extend({
  choices: z
    .array(
      z.looseObject({
        delta: z.looseObject({ content: z.string().nullish(), tool_calls: z.array(toolCallSchema).nullish() }).nullish(),
        finish_reason: z.string().nullish(),
      }),
    )
    .nullish(),
  error: z.union([z.string(), z.looseObject({ message: z.string() })]).optional(),
});

/** The binding's embeddings: `{ shape, data: number[][] }`. */
export const bindingEmbeddingSchema = z.looseObject({
  data: z.array(z.array(z.number())),
  usage: z.looseObject({ prompt_tokens: z.number(), total_tokens: z.number().optional() }).nullish(),
});

/** The Cloudflare API envelope an HTTP error comes in. */
export const apiErrorSchema = z.looseObject({
  errors: z.array(z.looseObject({ code: z.union([z.number(), z.string()]).optional(), message: z.string() })).min(1),
});

export type WorkersAIToolCallWire = z.output<typeof toolCallSchema>;
export type WorkersAIUsageWire = z.output<typeof usageSchema>;
