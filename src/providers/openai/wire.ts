import * as z from '../../zod';

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
  text: z.nullish(z.string()),
  summary: z.nullish(z.string()),
  data: z.nullish(z.string()),
  signature: z.nullish(z.string()),
  format: z.nullish(z.string()),
  index: z.nullish(z.number()),
});

/**
 * Reasoning as OpenAI-compatible servers send it beside `content`: `reasoning_content` (DeepSeek,
 * xAI, vLLM, LiteLLM), `reasoning` (Groq, OpenRouter, Ollama), `reasoning_details` (OpenRouter).
 */
const reasoningFields = {
  reasoning_content: z.nullish(z.string()),
  reasoning: z.nullish(z.string()),
  reasoning_details: z.nullish(z.array(reasoningDetailSchema)),
};

const toolCall = z.looseObject({
  id: z.string(),
  type: z._default(z.literal('function'), 'function'),
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
      message: z.optional(
        z.looseObject({
          role: z._default(z.literal('assistant'), 'assistant'),
          content: z._default(z.nullable(z.string()), null),
          tool_calls: z.optional(z.array(toolCall)),
          ...reasoningFields,
        }),
      ),
      text: z.optional(z.string()),
      finish_reason: z.nullable(z.string()),
    }),
  ),
  usage: z.nullish(usage),
  system_fingerprint: z.nullish(z.string()),
  service_tier: z.nullish(z.string()),
});

export const chatChunkSchema = z.looseObject({
  id: z.string(),
  created: z.number(),
  model: z.string(),
  choices: z.array(
    z.looseObject({
      index: z.number(),
      text: z.nullish(z.string()),
      delta: z._default(z.looseObject({
        content: z.nullish(z.string()),
        ...reasoningFields,
        tool_calls: z.nullish(
          z.array(
            z.looseObject({
              // Mistral leaves out `index` (and `type`): a new `id` is a new call (see chat-stream).
              index: z.nullish(z.number()),
              id: z.nullish(z.string()),
              function: z.nullish(z.looseObject({ name: z.nullish(z.string()), arguments: z.nullish(z.string()) })),
            }),
          ),
        ),
      }), {}),
      finish_reason: z.nullish(z.string()),
    }),
  ),
  usage: z.nullish(usage),
});

export const errorBodySchema = z.looseObject({
  error: z.looseObject({
    message: z.string(),
    type: z.nullish(z.string()),
    code: z.nullish(z.union([z.string(), z.number()])),
    param: z.nullish(z.string()),
  }),
});

export type ReasoningDetailWire = z.output<typeof reasoningDetailSchema>;
export type ChatCompletionWire = z.output<typeof chatCompletionSchema>;
export type ChatChunkWire = z.output<typeof chatChunkSchema>;
