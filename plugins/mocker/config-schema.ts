import * as z from 'zod';

// Bifrost's mocker config (plugins/mocker in maximhq/bifrost), same snake_case JSON keys.
// The parsed config stays plain data: the gateway deep-copies it to resolve `env.` references, so
// regexes are compiled in `createMocker`, not here.

/** Bifrost (Go, RE2) configs often start a pattern with inline flags, e.g. `(?i)hello`. */
const LEADING_FLAGS = /^\(\?([ims]+)\)/;

/**
 * Compiles `message_regex` with JavaScript syntax. A leading Go-style flag group (`(?i)`, `(?s)`,
 * `(?m)` or a mix) becomes the matching JavaScript flags, so Bifrost patterns carry over.
 */
export function compileMessageRegex(pattern: string): RegExp {
  const flags = LEADING_FLAGS.exec(pattern);
  if (!flags?.[1]) return new RegExp(pattern);
  return new RegExp(pattern.slice(flags[0].length), [...new Set(flags[1])].join(''));
}

const messageRegex = z.string().superRefine((pattern, ctx) => {
  try {
    compileMessageRegex(pattern);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    ctx.addIssue({ code: 'custom', message: `message_regex does not compile: ${reason}` });
  }
});

/** Milliseconds (Bifrost's Go API takes a time.Duration; its JSON form is nanoseconds). */
const millis = z.number().nonnegative();

const fixedLatency = z.strictObject({
  type: z.literal('fixed'),
  min: millis,
  /** Ignored for fixed latency; accepted so a uniform rule can be switched to fixed by its type. */
  max: millis.optional(),
});

const uniformLatency = z
  .strictObject({ type: z.literal('uniform'), min: millis, max: millis })
  .refine((l) => l.max >= l.min, { message: 'max must be greater than or equal to min', path: ['max'] });

export const latencySchema = z.discriminatedUnion('type', [fixedLatency, uniformLatency]);

const byteCount = z.number().int().nonnegative();

const requestSize = z
  .strictObject({ min: byteCount.default(0), max: byteCount.optional() })
  .refine((r) => r.max === undefined || r.max >= r.min, {
    message: 'max must be greater than or equal to min',
    path: ['max'],
  });

const conditions = z.strictObject({
  providers: z.array(z.string().min(1)).default([]),
  models: z.array(z.string().min(1)).default([]),
  message_regex: messageRegex.optional(),
  request_size: requestSize.optional(),
});

const tokens = z.number().int().nonnegative();

const usage = z
  .strictObject({
    prompt_tokens: tokens.default(10),
    completion_tokens: tokens.default(20),
    total_tokens: tokens.optional(),
  })
  .transform((u) => ({
    prompt_tokens: u.prompt_tokens,
    completion_tokens: u.completion_tokens,
    total_tokens: u.total_tokens ?? u.prompt_tokens + u.completion_tokens,
  }));

const successContent = z
  .strictObject({
    message: z.string().optional(),
    /** Takes precedence over `message`; `{{provider}}` and `{{model}}` are substituted. */
    message_template: z.string().optional(),
    model: z.string().min(1).optional(),
    usage: usage.prefault({}),
    finish_reason: z.string().min(1).default('stop'),
    custom_fields: z.record(z.string(), z.unknown()).optional(),
  })
  .refine((c) => c.message !== undefined || c.message_template !== undefined, {
    message: 'one of message or message_template is required',
  });

const errorContent = z.strictObject({
  message: z.string().min(1),
  type: z.string().min(1).optional(),
  code: z.string().min(1).optional(),
  status_code: z.number().int().min(400).max(599).default(500),
});

const responseCommon = {
  weight: z.number().positive().default(1),
  /** `false` stops the fallback chain; absent leaves fallbacks allowed. */
  allow_fallbacks: z.boolean().optional(),
};

const successResponse = z.strictObject({ type: z.literal('success'), ...responseCommon, content: successContent });
const errorResponse = z.strictObject({ type: z.literal('error'), ...responseCommon, error: errorContent });

export const ruleSchema = z.strictObject({
  name: z.string().min(1),
  enabled: z.boolean().default(true),
  priority: z.number().int().default(0),
  probability: z.number().min(0).max(1).default(1),
  conditions: conditions.prefault({}),
  responses: z.array(z.discriminatedUnion('type', [successResponse, errorResponse])).min(1),
  latency: latencySchema.optional(),
});

const mockerConfig = z.strictObject({
  enabled: z.boolean().default(true),
  /**
   * Heimdall's addition: the mocker answers only where this Worker variable is set (not "", "0" or
   * "false"). The shipped config names HEIMDALL_OFFLINE_DEMO, which only `npm start` sets, so a
   * deploy of that config calls real providers instead of answering with canned text.
   */
  requires_env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a variable name').optional(),
  default_behavior: z.enum(['passthrough', 'success', 'error']).default('passthrough'),
  global_latency: latencySchema.optional(),
  rules: z.array(ruleSchema).default([]),
});

/**
 * Go marshals nil pointers and slices as `null`; a config exported from Bifrost may be full of
 * them. They mean "absent" (so defaults apply), except inside free-form `custom_fields`.
 */
function dropNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropNulls);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (v === null) continue;
    out[key] = key === 'custom_fields' ? v : dropNulls(v);
  }
  return out;
}

/** An absent or `null` config is an empty one: the mocker on, passing everything through. */
export const configSchema = z.preprocess((v) => dropNulls(v ?? {}), mockerConfig);

export type MockerConfig = z.output<typeof configSchema>;
export type MockRule = MockerConfig['rules'][number];
export type MockResponse = MockRule['responses'][number];
export type SuccessContent = Extract<MockResponse, { type: 'success' }>['content'];
export type ErrorContent = Extract<MockResponse, { type: 'error' }>['error'];
export type Latency = z.output<typeof latencySchema>;
