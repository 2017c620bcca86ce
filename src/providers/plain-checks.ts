// The field checks the providers' hand-written fast paths (openai/plain-wire, anthropic/plain-event)
// are made of, each as the zod schema beside them reads the same field.

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** `z.nullish(z.string())`. */
export const nullishString = (v: unknown) => v == null || typeof v === 'string';
/** `z.optional(z.string())`: absent, not null. */
export const optionalString = (v: unknown) => v === undefined || typeof v === 'string';
/** `z.number()`. */
export const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
