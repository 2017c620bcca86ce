import * as z from 'zod';

// OpenAI's chat wire format, read partially: only what the translators use is checked, the rest
// passes through loose objects.

const usage = z.looseObject({
  prompt_tokens: z.number(),
  completion_tokens: z.number(),
  total_tokens: z.number(),
});

/**
 * OpenRouter's `reasoning_details` entry: `reasoning.text` (text, maybe a signature),
 * `reasoning.summary` (summary) or `reasoning.encrypted` (data), each naming the `format` of the
 * model family that minted it.
 */
export const reasoningDetailSchema = z.looseObject({
  type: z.string(),
  text: z.string().nullish(),
  summary: z.string().nullish(),
  data: z.string().nullish(),
  signature: z.string().nullish(),
  format: z.string().nullish(),
  index: z.number().nullish(),
});

/**
 * Reasoning as OpenAI-compatible servers send it beside `content`: `reasoning_content` (DeepSeek,
 * xAI, vLLM, LiteLLM), `reasoning` (Groq, OpenRouter, Ollama), `reasoning_details` (OpenRouter).
 */
const reasoningFields = {
  reasoning_content: z.string().nullish(),
  reasoning: z.string().nullish(),
  reasoning_details: z.array(reasoningDetailSchema).nullish(),
};

const toolCall = z.looseObject({
  id: z.string(),
  type: z.literal('function').default('function'),
  function: z.looseObject({ name: z.string(), arguments: z.string() }),
});

export const chatCompletionSchema = z.looseObject({
  id: z.string(),
  created: z.number(),
  model: z.string(),
  choices: z.array(
    z.looseObject({
      index: z.number(),
      // Legacy text completions carry `text` where chat carries `message`.
      message: z
        .looseObject({
          role: z.literal('assistant').default('assistant'),
          content: z.string().nullable().default(null),
          tool_calls: z.array(toolCall).optional(),
          ...reasoningFields,
        })
        .optional(),
      text: z.string().optional(),
      finish_reason: z.string().nullable(),
    }),
  ),
  usage: usage.nullish(),
  system_fingerprint: z.string().nullish(),
  service_tier: z.string().nullish(),
});

export const chatChunkSchema = z.looseObject({
  id: z.string(),
  created: z.number(),
  model: z.string(),
  choices: z.array(
    z.looseObject({
      index: z.number(),
      text: z.string().nullish(),
      delta: z.looseObject({
        content: z.string().nullish(),
        ...reasoningFields,
        tool_calls: z
          .array(
            z.looseObject({
              // Mistral leaves out `index` (and `type`): a new `id` is a new call (see chat-stream).
              index: z.number().nullish(),
              id: z.string().nullish(),
              function: z.looseObject({ name: z.string().nullish(), arguments: z.string().nullish() }).nullish(),
            }),
          )
          .nullish(),
      }).default({}),
      finish_reason: z.string().nullish(),
    }),
  ),
  usage: usage.nullish(),
});

export const errorBodySchema = z.looseObject({
  error: z.looseObject({
    message: z.string(),
    type: z.string().nullish(),
    code: z.union([z.string(), z.number()]).nullish(),
    param: z.string().nullish(),
  }),
});

export type ReasoningDetailWire = z.output<typeof reasoningDetailSchema>;
export type ChatCompletionWire = z.output<typeof chatCompletionSchema>;
export type ChatChunkWire = z.output<typeof chatChunkSchema>;
