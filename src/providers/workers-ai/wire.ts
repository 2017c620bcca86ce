import * as z from '../../zod';

// What the Workers AI binding returns for text generation and embeddings, read partially. Models
// differ: most answer `{ response, tool_calls?, usage? }` (tool calls either `{ name, arguments }`
// with object arguments or OpenAI-shaped), some newer ones OpenAI's chat completion shape.

export const usageSchema = z.looseObject({
  prompt_tokens: z.number(),
  completion_tokens: z.number(),
  total_tokens: z.optional(z.number()),
});

export const toolCallSchema = z.looseObject({
  /** Present on streamed OpenAI-style fragments only. */
  index: z.optional(z.number()),
  id: z.nullish(z.string()),
  name: z.nullish(z.string()),
  arguments: z.optional(z.unknown()),
  function: z.nullish(z.looseObject({ name: z.nullish(z.string()), arguments: z.optional(z.unknown()) })),
});

export const resultSchema = z.looseObject({
  /** A string, a number (Llama 4 sometimes) or, in JSON mode, an object. */
  response: z.optional(z.unknown()),
  tool_calls: z.nullish(z.array(toolCallSchema)),
  usage: z.nullish(usageSchema),
  finish_reason: z.nullish(z.string()),
});

export const streamChunkSchema = z.extend(resultSchema, {
  choices: z.nullish(
    z.array(
      z.looseObject({
        delta: z.nullish(z.looseObject({ content: z.nullish(z.string()), tool_calls: z.nullish(z.array(toolCallSchema)) })),
        finish_reason: z.nullish(z.string()),
      }),
    ),
  ),
  error: z.optional(z.union([z.string(), z.looseObject({ message: z.string() })])),
});

/** The binding's embeddings: `{ shape, data: number[][] }`. */
export const bindingEmbeddingSchema = z.looseObject({
  data: z.array(z.array(z.number())),
  usage: z.nullish(z.looseObject({ prompt_tokens: z.number(), total_tokens: z.optional(z.number()) })),
});

/** The Cloudflare API envelope an HTTP error comes in. */
export const apiErrorSchema = z.looseObject({
  errors: z.array(z.looseObject({ code: z.optional(z.union([z.number(), z.string()])), message: z.string() })).check(z.minLength(1)),
});

export type WorkersAIToolCallWire = z.output<typeof toolCallSchema>;
export type WorkersAIUsageWire = z.output<typeof usageSchema>;
