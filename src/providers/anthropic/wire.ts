import * as z from 'zod';

// Anthropic's Messages wire format, read partially: only what the translators use is checked, the
// rest passes through loose objects. Block and event types Anthropic adds later must not break us,
// so content blocks and stream events are loose objects keyed by `type`, not closed unions.

/** Cache counts are null or absent when caching was not involved. */
export const usageSchema = z.looseObject({
  input_tokens: z.number().nullish(),
  output_tokens: z.number().nullish(),
  cache_creation_input_tokens: z.number().nullish(),
  cache_read_input_tokens: z.number().nullish(),
  /** Reasoning tokens inside `output_tokens`, on models that report them. */
  output_tokens_details: z.looseObject({ thinking_tokens: z.number().nullish() }).nullish(),
});

const contentBlock = z.looseObject({
  type: z.string(),
  text: z.string().optional(),
  id: z.string().optional(),
  name: z.string().optional(),
  input: z.unknown().optional(),
  /** A `thinking` block's text and signature; a `redacted_thinking` block's encrypted `data`. */
  thinking: z.string().optional(),
  signature: z.string().optional(),
  data: z.string().optional(),
});

export const messageSchema = z.looseObject({
  id: z.string(),
  model: z.string().optional(),
  content: z.array(contentBlock),
  stop_reason: z.string().nullish(),
  stop_sequence: z.string().nullish(),
  usage: usageSchema.nullish(),
});

const errorDetail = z.looseObject({ type: z.string().optional(), message: z.string() });

/** `{ type: 'error', error: { type, message } }`, both as an HTTP body and as a stream event. */
export const errorBodySchema = z.looseObject({ error: errorDetail });

export const streamEventSchema = z.looseObject({
  type: z.string(),
  index: z.number().optional(),
  message: z.looseObject({ id: z.string(), model: z.string().optional(), usage: usageSchema.nullish() }).optional(),
  content_block: contentBlock.optional(),
  delta: z
    .looseObject({
      type: z.string().optional(),
      text: z.string().optional(),
      partial_json: z.string().optional(),
      thinking: z.string().optional(),
      signature: z.string().optional(),
      stop_reason: z.string().nullish(),
    })
    .optional(),
  usage: usageSchema.nullish(),
  error: errorDetail.optional(),
});

export type AnthropicUsageWire = z.output<typeof usageSchema>;
export type AnthropicMessageWire = z.output<typeof messageSchema>;
export type AnthropicStreamEventWire = z.output<typeof streamEventSchema>;

/** `POST /v1/messages/count_tokens`'s answer. */
export const countTokensSchema = z.looseObject({ input_tokens: z.number().int().nonnegative() });
