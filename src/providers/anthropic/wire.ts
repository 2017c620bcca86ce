import * as z from '../../zod';

// Anthropic's Messages wire format, read partially: only what the translators use is checked, the
// rest passes through loose objects. Block and event types Anthropic adds later must not break us,
// so content blocks and stream events are loose objects keyed by `type`, not closed unions.

/** Cache counts are null or absent when caching was not involved. */
export const usageSchema = z.looseObject({
  input_tokens: z.nullish(z.number()),
  output_tokens: z.nullish(z.number()),
  cache_creation_input_tokens: z.nullish(z.number()),
  cache_read_input_tokens: z.nullish(z.number()),
  /** Reasoning tokens inside `output_tokens`, on models that report them. */
  output_tokens_details: z.nullish(z.looseObject({ thinking_tokens: z.nullish(z.number()) })),
});

const contentBlock = z.looseObject({
  type: z.string(),
  text: z.optional(z.string()),
  id: z.optional(z.string()),
  name: z.optional(z.string()),
  input: z.optional(z.unknown()),
  /** A `thinking` block's text and signature; a `redacted_thinking` block's encrypted `data`. */
  thinking: z.optional(z.string()),
  signature: z.optional(z.string()),
  data: z.optional(z.string()),
});

export const messageSchema = z.looseObject({
  id: z.string(),
  model: z.optional(z.string()),
  content: z.array(contentBlock),
  stop_reason: z.nullish(z.string()),
  stop_sequence: z.nullish(z.string()),
  usage: z.nullish(usageSchema),
});

const errorDetail = z.looseObject({ type: z.optional(z.string()), message: z.string() });

/** `{ type: 'error', error: { type, message } }`, both as an HTTP body and as a stream event. */
export const errorBodySchema = z.looseObject({ error: errorDetail });

export const streamEventSchema = z.looseObject({
  type: z.string(),
  index: z.optional(z.number()),
  message: z.optional(z.looseObject({ id: z.string(), model: z.optional(z.string()), usage: z.nullish(usageSchema) })),
  content_block: z.optional(contentBlock),
  delta: z.optional(
    z.looseObject({
      type: z.optional(z.string()),
      text: z.optional(z.string()),
      partial_json: z.optional(z.string()),
      thinking: z.optional(z.string()),
      signature: z.optional(z.string()),
      stop_reason: z.nullish(z.string()),
    }),
  ),
  usage: z.nullish(usageSchema),
  error: z.optional(errorDetail),
});

export type AnthropicUsageWire = z.output<typeof usageSchema>;
export type AnthropicMessageWire = z.output<typeof messageSchema>;
export type AnthropicStreamEventWire = z.output<typeof streamEventSchema>;

/** `POST /v1/messages/count_tokens`'s answer. */
export const countTokensSchema = z.looseObject({ input_tokens: z.number().check(z.int(), z.nonnegative()) });
