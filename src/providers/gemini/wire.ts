import * as z from 'zod';

// Gemini's GenerateContentResponse and friends, read partially: only what the translators use is
// checked, everything else passes through loose objects. Fields are nullish because Gemini leaves
// out whatever is empty (no `index` on a lone candidate, no `parts` on a bare finish chunk, …).

/** One piece of a streamed call's arguments (`streamFunctionCallArguments`): a value at a JSON path. */
const partialArg = z.looseObject({
  jsonPath: z.string(),
  stringValue: z.string().nullish(),
  numberValue: z.number().nullish(),
  boolValue: z.boolean().nullish(),
  nullValue: z.string().nullish(),
  /** More of this path's string follows in the next piece. */
  willContinue: z.boolean().nullish(),
});

const functionCall = z.looseObject({
  id: z.string().nullish(),
  /** Left out by the pieces after the first of a streamed call. */
  name: z.string().nullish(),
  args: z.record(z.string(), z.unknown()).nullish(),
  partialArgs: z.array(partialArg).nullish(),
  /** A streamed call: more pieces follow (an empty `functionCall: {}` closes it). */
  willContinue: z.boolean().nullish(),
});

const part = z.looseObject({
  text: z.string().nullish(),
  /** A thought summary (includeThoughts), not answer text. */
  thought: z.boolean().nullish(),
  /** Opaque: the model's reasoning behind this part, to be sent back on the same part next turn. */
  thoughtSignature: z.string().nullish(),
  functionCall: functionCall.nullish(),
});

const candidate = z.looseObject({
  index: z.number().nullish(),
  content: z.looseObject({ role: z.string().nullish(), parts: z.array(part).nullish() }).nullish(),
  finishReason: z.string().nullish(),
});

export const usageMetadataSchema = z.looseObject({
  promptTokenCount: z.number().nullish(),
  candidatesTokenCount: z.number().nullish(),
  totalTokenCount: z.number().nullish(),
  thoughtsTokenCount: z.number().nullish(),
  cachedContentTokenCount: z.number().nullish(),
});

export const generateContentResponseSchema = z.looseObject({
  candidates: z.array(candidate).nullish(),
  promptFeedback: z.looseObject({ blockReason: z.string().nullish(), blockReasonMessage: z.string().nullish() }).nullish(),
  usageMetadata: usageMetadataSchema.nullish(),
  modelVersion: z.string().nullish(),
  responseId: z.string().nullish(),
});

export const errorBodySchema = z.looseObject({
  error: z.looseObject({
    code: z.number().nullish(),
    message: z.string(),
    status: z.string().nullish(),
    details: z.array(z.looseObject({ reason: z.string().nullish() })).nullish(),
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
