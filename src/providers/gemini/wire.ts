import * as z from '../../zod';

// Gemini's GenerateContentResponse and friends, read partially: only what the translators use is
// checked, everything else passes through loose objects. Fields are nullish because Gemini leaves
// out whatever is empty (no `index` on a lone candidate, no `parts` on a bare finish chunk, …).

/** One piece of a streamed call's arguments (`streamFunctionCallArguments`): a value at a JSON path. */
const partialArg = z.looseObject({
  jsonPath: z.string(),
  stringValue: z.nullish(z.string()),
  numberValue: z.nullish(z.number()),
  boolValue: z.nullish(z.boolean()),
  nullValue: z.nullish(z.string()),
  /** More of this path's string follows in the next piece. */
  willContinue: z.nullish(z.boolean()),
});

const functionCall = z.looseObject({
  id: z.nullish(z.string()),
  /** Left out by the pieces after the first of a streamed call. */
  name: z.nullish(z.string()),
  args: z.nullish(z.record(z.string(), z.unknown())),
  partialArgs: z.nullish(z.array(partialArg)),
  /** A streamed call: more pieces follow (an empty `functionCall: {}` closes it). */
  willContinue: z.nullish(z.boolean()),
});

const part = z.looseObject({
  text: z.nullish(z.string()),
  /** A thought summary (includeThoughts), not answer text. */
  thought: z.nullish(z.boolean()),
  /** Opaque: the model's reasoning behind this part, to be sent back on the same part next turn. */
  thoughtSignature: z.nullish(z.string()),
  functionCall: z.nullish(functionCall),
});

const candidate = z.looseObject({
  index: z.nullish(z.number()),
  content: z.nullish(z.looseObject({ role: z.nullish(z.string()), parts: z.nullish(z.array(part)) })),
  finishReason: z.nullish(z.string()),
});

export const usageMetadataSchema = z.looseObject({
  promptTokenCount: z.nullish(z.number()),
  candidatesTokenCount: z.nullish(z.number()),
  totalTokenCount: z.nullish(z.number()),
  thoughtsTokenCount: z.nullish(z.number()),
  cachedContentTokenCount: z.nullish(z.number()),
});

export const generateContentResponseSchema = z.looseObject({
  candidates: z.nullish(z.array(candidate)),
  promptFeedback: z.nullish(z.looseObject({ blockReason: z.nullish(z.string()), blockReasonMessage: z.nullish(z.string()) })),
  usageMetadata: z.nullish(usageMetadataSchema),
  modelVersion: z.nullish(z.string()),
  responseId: z.nullish(z.string()),
});

export const errorBodySchema = z.looseObject({
  error: z.looseObject({
    code: z.nullish(z.number()),
    message: z.string(),
    status: z.nullish(z.string()),
    details: z.nullish(z.array(z.looseObject({ reason: z.nullish(z.string()) }))),
  }),
});

export const batchEmbedResponseSchema = z.looseObject({
  embeddings: z.array(z.looseObject({ values: z.array(z.number()) })),
});

export type GenerateContentResponseWire = z.output<typeof generateContentResponseSchema>;
export type CandidateWire = z.output<typeof candidate>;
export type UsageMetadataWire = z.output<typeof usageMetadataSchema>;
export type ErrorBodyWire = z.output<typeof errorBodySchema>;
export type PartWire = z.output<typeof part>;
export type FunctionCallWire = z.output<typeof functionCall>;
export type PartialArgWire = z.output<typeof partialArg>;
