import * as z from 'zod';

// Cohere's v2 chat and embed wire formats, read partially: only what the translators use is
// checked, the rest passes through loose objects. Stream events are one loose object keyed by
// `type` so event types Cohere adds later (citations, debug, …) cannot break a stream.

const tokenCounts = z.looseObject({
  input_tokens: z.number().nullish(),
  output_tokens: z.number().nullish(),
});

export const usageSchema = z.looseObject({
  billed_units: tokenCounts.nullish(),
  tokens: tokenCounts.nullish(),
  cached_tokens: z.number().nullish(),
});

const toolCall = z.looseObject({
  id: z.string(),
  type: z.literal('function').default('function'),
  function: z.looseObject({ name: z.string(), arguments: z.string().default('') }),
});

export const chatResponseSchema = z.looseObject({
  id: z.string(),
  finish_reason: z.string().nullish(),
  message: z.looseObject({
    content: z.array(z.looseObject({ type: z.string(), text: z.string().optional(), thinking: z.string().optional() })).nullish(),
    tool_calls: z.array(toolCall).nullish(),
    tool_plan: z.string().nullish(),
  }),
  usage: usageSchema.nullish(),
});

/** A tool call fragment: `tool-call-start` carries id and name, `tool-call-delta` only arguments. */
const toolCallFragment = z.looseObject({
  id: z.string().nullish(),
  function: z.looseObject({ name: z.string().nullish(), arguments: z.string().nullish() }).nullish(),
});

export const streamEventSchema = z.looseObject({
  type: z.string().optional(),
  id: z.string().nullish(),
  index: z.number().optional(),
  delta: z
    .looseObject({
      message: z
        .looseObject({
          // One delta object in content-start/-delta; `message-start` opens with an empty list.
          content: z.union([z.looseObject({ text: z.string().nullish(), thinking: z.string().nullish() }), z.array(z.unknown())]).nullish(),
          // Documented as one object per event; an array is accepted as well.
          tool_calls: z.union([toolCallFragment, z.array(toolCallFragment)]).nullish(),
        })
        .nullish(),
      finish_reason: z.string().nullish(),
      usage: usageSchema.nullish(),
    })
    .nullish(),
  /** Only an error body (or an event type we do not know) carries a bare message. */
  message: z.string().optional(),
});

export const embedResponseSchema = z.looseObject({
  id: z.string().optional(),
  embeddings: z.looseObject({ float: z.array(z.array(z.number())) }),
  meta: z.looseObject({ billed_units: z.looseObject({ input_tokens: z.number().nullish() }).nullish() }).nullish(),
});

/** `{ id?, message }`: Cohere's error body. */
export const errorBodySchema = z.looseObject({ message: z.string() });

export type CohereUsageWire = z.output<typeof usageSchema>;
export type CohereStreamEventWire = z.output<typeof streamEventSchema>;
