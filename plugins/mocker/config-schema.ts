import * as z from '../../src/zod';

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

const messageRegex = z.string().check(z.superRefine((pattern, ctx) => {
  try {
    compileMessageRegex(pattern);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    ctx.addIssue({ code: 'custom', message: `message_regex does not compile: ${reason}` });
  }
}));

/** Milliseconds (Bifrost's Go API takes a time.Duration; its JSON form is nanoseconds). */
const millis = z.number().check(z.nonnegative());

const fixedLatency = z.strictObject({
  type: z.literal('fixed'),
  min: millis,
  /** Ignored for fixed latency; accepted so a uniform rule can be switched to fixed by its type. */
  max: z.optional(millis),
});

const uniformLatency = z
  .strictObject({ type: z.literal('uniform'), min: millis, max: millis })
  .check(z.refine((l) => l.max >= l.min, { message: 'max must be greater than or equal to min', path: ['max'] }));

export const latencySchema = z.discriminatedUnion('type', [fixedLatency, uniformLatency]);

const byteCount = z.number().check(z.int(), z.nonnegative());

const requestSize = z.strictObject({ min: z._default(byteCount, 0), max: z.optional(byteCount) }).check(
  z.refine((r) => r.max === undefined || r.max >= r.min, {
    message: 'max must be greater than or equal to min',
    path: ['max'],
  }),
);

const conditions = z.strictObject({
  providers: z._default(z.array(z.string().check(z.minLength(1))), []),
  models: z._default(z.array(z.string().check(z.minLength(1))), []),
  message_regex: z.optional(messageRegex),
  request_size: z.optional(requestSize),
});

const tokens = z.number().check(z.int(), z.nonnegative());

const usage = z.pipe(
  z.strictObject({
    prompt_tokens: z._default(tokens, 10),
    completion_tokens: z._default(tokens, 20),
    total_tokens: z.optional(tokens),
  }),
  z.transform((u) => ({
    prompt_tokens: u.prompt_tokens,
    completion_tokens: u.completion_tokens,
    total_tokens: u.total_tokens ?? u.prompt_tokens + u.completion_tokens,
  })),
);

const successContent = z
  .strictObject({
    message: z.optional(z.string()),
    /** Takes precedence over `message`; `{{provider}}` and `{{model}}` are substituted. */
    message_template: z.optional(z.string()),
    model: z.optional(z.string().check(z.minLength(1))),
    usage: z.prefault(usage, {}),
    finish_reason: z._default(z.string().check(z.minLength(1)), 'stop'),
    custom_fields: z.optional(z.record(z.string(), z.unknown())),
  })
  .check(
    z.refine((c) => c.message !== undefined || c.message_template !== undefined, {
      message: 'one of message or message_template is required',
    }),
  );

const errorContent = z.strictObject({
  message: z.string().check(z.minLength(1)),
  type: z.optional(z.string().check(z.minLength(1))),
  code: z.optional(z.string().check(z.minLength(1))),
  status_code: z._default(z.number().check(z.int(), z.gte(400), z.lte(599)), 500),
});

const responseCommon = {
  weight: z._default(z.number().check(z.positive()), 1),
  /** `false` stops the fallback chain; absent leaves fallbacks allowed. */
  allow_fallbacks: z.optional(z.boolean()),
};

const successResponse = z.strictObject({ type: z.literal('success'), ...responseCommon, content: successContent });
const errorResponse = z.strictObject({ type: z.literal('error'), ...responseCommon, error: errorContent });

export const ruleSchema = z.strictObject({
  name: z.string().check(z.minLength(1)),
  enabled: z._default(z.boolean(), true),
  priority: z._default(z.number().check(z.int()), 0),
  probability: z._default(z.number().check(z.gte(0), z.lte(1)), 1),
  conditions: z.prefault(conditions, {}),
  responses: z.array(z.discriminatedUnion('type', [successResponse, errorResponse])).check(z.minLength(1)),
  latency: z.optional(latencySchema),
});

const mockerConfig = z.strictObject({
  enabled: z._default(z.boolean(), true),
  /**
   * Heimdall's addition: the mocker answers only where this Worker variable is set (not "", "0" or
   * "false"). The shipped config names HEIMDALL_OFFLINE_DEMO, which only `npm start` sets, so a
   * deploy of that config calls real providers instead of answering with canned text.
   */
  requires_env: z.optional(z.string().check(z.regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'a variable name'))),
  default_behavior: z._default(z.enum(['passthrough', 'success', 'error']), 'passthrough'),
  global_latency: z.optional(latencySchema),
  rules: z._default(z.array(ruleSchema), []),
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
export const configSchema = z.pipe(z.transform((v: unknown) => dropNulls(v ?? {})), mockerConfig);

export type MockerConfig = z.output<typeof configSchema>;
export type MockRule = MockerConfig['rules'][number];
export type MockResponse = MockRule['responses'][number];
export type SuccessContent = Extract<MockResponse, { type: 'success' }>['content'];
export type ErrorContent = Extract<MockResponse, { type: 'error' }>['error'];
export type Latency = z.output<typeof latencySchema>;
