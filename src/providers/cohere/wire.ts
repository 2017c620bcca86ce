import * as z from '../../zod';

// Cohere's v2 chat and embed wire formats, read partially: only what the translators use is
// checked, the rest passes through loose objects. Stream events are one loose object keyed by
// `type` so event types Cohere adds later (citations, debug, …) cannot break a stream.

const tokenCounts = z.looseObject({
  input_tokens: z.nullish(z.number()),
  output_tokens: z.nullish(z.number()),
});

export const usageSchema = z.looseObject({
  billed_units: z.nullish(tokenCounts),
  tokens: z.nullish(tokenCounts),
  cached_tokens: z.nullish(z.number()),
});

const toolCall = z.looseObject({
  id: z.string(),
  type: z._default(z.literal('function'), 'function'),
  function: z.looseObject({ name: z.string(), arguments: z._default(z.string(), '') }),
});

export const chatResponseSchema = z.looseObject({
  id: z.string(),
  finish_reason: z.nullish(z.string()),
  message: z.looseObject({
    content: z.nullish(z.array(z.looseObject({ type: z.string(), text: z.optional(z.string()), thinking: z.optional(z.string()) }))),
    tool_calls: z.nullish(z.array(toolCall)),
    tool_plan: z.nullish(z.string()),
  }),
  usage: z.nullish(usageSchema),
});

/** A tool call fragment: `tool-call-start` carries id and name, `tool-call-delta` only arguments. */
const toolCallFragment = z.looseObject({
  id: z.nullish(z.string()),
  function: z.nullish(z.looseObject({ name: z.nullish(z.string()), arguments: z.nullish(z.string()) })),
});

export const streamEventSchema = z.looseObject({
  type: z.optional(z.string()),
  id: z.nullish(z.string()),
  index: z.optional(z.number()),
  delta: z.nullish(
    z.looseObject({
      message: z.nullish(
        z.looseObject({
          // One delta object in content-start/-delta; `message-start` opens with an empty list.
          content: z.nullish(z.union([z.looseObject({ text: z.nullish(z.string()), thinking: z.nullish(z.string()) }), z.array(z.unknown())])),
          // Documented as one object per event; an array is accepted as well.
          tool_calls: z.nullish(z.union([toolCallFragment, z.array(toolCallFragment)])),
        }),
      ),
      finish_reason: z.nullish(z.string()),
      usage: z.nullish(usageSchema),
    }),
  ),
  /** Only an error body (or an event type we do not know) carries a bare message. */
  message: z.optional(z.string()),
});

export const embedResponseSchema = z.looseObject({
  id: z.optional(z.string()),
  embeddings: z.looseObject({ float: z.array(z.array(z.number())) }),
  meta: z.nullish(z.looseObject({ billed_units: z.nullish(z.looseObject({ input_tokens: z.nullish(z.number()) })) })),
});

/** `{ id?, message }`: Cohere's error body. */
export const errorBodySchema = z.looseObject({ message: z.string() });

export type CohereUsageWire = z.output<typeof usageSchema>;
export type CohereStreamEventWire = z.output<typeof streamEventSchema>;
