import { z } from 'zod';

// A request's timeline as the logging built-in stores it (column `timeline`, JSON): the hooks in
// the order they ran and each attempt with its tries; times in ms from the request's start.

const hookSchema = z.object({
  plugin: z.string(),
  hook: z.string(),
  attempt: z.number().int().nullable(),
  start_ms: z.number(),
  duration_ms: z.number(),
  calls: z.number().int(),
  failed: z.boolean(),
});

const trySchema = z.object({
  try: z.number().int(),
  key: z.string().nullable(),
  start_ms: z.number(),
  end_ms: z.number(),
  status: z.number().int().nullable(),
  error: z.string().nullable(),
});

const attemptSchema = z.object({
  index: z.number().int(),
  provider: z.string(),
  model: z.string(),
  start_ms: z.number(),
  end_ms: z.number(),
  outcome: z.string(),
  error: z.string().nullable(),
  tries: z.array(trySchema).default([]),
});

const timelineSchema = z.object({ hooks: z.array(hookSchema).default([]), attempts: z.array(attemptSchema).default([]) });

export type Timeline = z.output<typeof timelineSchema>;

/** The stored timeline (JSON text, or already parsed); null when the row has none or it is unreadable. */
export function parseTimeline(stored: unknown): Timeline | null {
  if (stored === null || stored === undefined) return null;
  let value = stored;
  if (typeof stored === 'string') {
    try {
      value = JSON.parse(stored);
    } catch {
      return null;
    }
  }
  const parsed = timelineSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}
