import * as z from '../zod';
import { ttlSeconds } from './duration';

// Bifrost's config.json shape. Sections this issue does not use yet (governance, vector_store, …)
// are accepted as they are so a Bifrost config can be brought over whole.

const keySettings = z.optional(z.record(z.string(), z.unknown()));

const providerKey = z.strictObject({
  name: z.optional(z.string().check(z.minLength(1))),
  /** A literal key or `env.NAME`, read from Worker secrets when the provider is called. */
  value: z._default(z.string(), ''),
  /** Models this key may serve; empty = all. */
  models: z._default(z.array(z.string()), []),
  weight: z._default(z.number().check(z.positive()), 1),
  // Provider-specific key settings in Bifrost's names; each provider validates its own when called.
  azure_key_config: keySettings,
  bedrock_key_config: keySettings,
  vertex_key_config: keySettings,
  workers_ai_key_config: keySettings,
});

const networkConfig = z.strictObject({
  base_url: z.optional(z.url()),
  extra_headers: z.optional(z.record(z.string(), z.string())),
  default_request_timeout_in_seconds: z._default(z.number().check(z.positive()), 30),
  /** Extra tries after a retryable failure (429, 5xx, network); never after another 4xx. */
  max_retries: z._default(z.number().check(z.int(), z.gte(0), z.lte(10)), 0),
  /** Backoff before retry n is min(max, initial·2ⁿ) with jitter, in milliseconds. */
  retry_backoff_initial: z._default(z.number().check(z.int(), z.gte(0)), 500),
  retry_backoff_max: z._default(z.number().check(z.int(), z.gte(0)), 5000),
  /** A stream with no data for this long is ended with an error event. */
  stream_idle_timeout_in_seconds: z._default(z.number().check(z.positive()), 60),
});

export const providerConfigSchema = z.strictObject({
  keys: z._default(z.array(providerKey), []),
  network_config: z.prefault(networkConfig, {}),
  /** Tried in order when a request names no fallbacks of its own. */
  fallbacks: z._default(z.array(z.string()), []),
  /** For a provider name Heimdall does not know: which wire format it speaks. */
  custom_provider_config: z.optional(z.strictObject({ base_provider_type: z.string() })),
});

export const placementSchema = z.enum(['pre_builtin', 'builtin', 'post_builtin']);

export const pluginEntrySchema = z.strictObject({
  name: z.string().check(z.minLength(1)),
  enabled: z.boolean(),
  config: z.optional(z.unknown()),
  version: z._default(z.number().check(z.int(), z.positive()), 1),
  placement: z._default(placementSchema, 'post_builtin'),
  order: z._default(z.number().check(z.int()), 0),
  /** Overrides the plugin's own fail-closed default. */
  fail_closed: z.optional(z.boolean()),
  /** A WASM plugin: its `.wasm` file under plugins/, bundled at build time (src/wasm/wasm-path.ts says what is accepted). */
  path: z.optional(z.string().check(z.minLength(1))),
});

export const clientConfigSchema = z.looseObject({
  max_request_body_size_mb: z._default(z.number().check(z.positive(), z.lte(100)), 10),
  /** Origins whose browser pages may call the client routes ("*" for any); none by default. */
  allowed_origins: z._default(z.array(z.string().check(z.minLength(1))), []),
  /** Fallbacks one request may name: each is an upstream call (and its retries). */
  max_fallbacks: z._default(z.number().check(z.int(), z.gte(0), z.lte(50)), 5),
  plugin_hook_timeout_ms: z._default(z.number().check(z.int(), z.positive()), 5000),
  /**
   * How long an isolate serves its plugin set before checking D1 and KV for changes. Client requests
   * are served a set up to twice this old while the check runs behind them, so a toggle is in force
   * everywhere two intervals after it is written.
   */
  plugin_refresh_interval_ms: z._default(z.number().check(z.int(), z.gte(0)), 2000),
  /**
   * Responses API: tools OpenAI hosts (web_search, file_search, code_interpreter, …) cannot run
   * behind the chat upstreams /v1/responses is answered by. Off: such a request is a 400 naming the
   * tool. On: they are dropped and named in the response's `x-heimdall-dropped-tools` header.
   */
  drop_unsupported_tools: z._default(z.boolean(), false),
  /** Responses API: how long a stored response (`store`, OpenAI's default) can be read and continued: seconds or `30d`-style. */
  responses_retention: z._default(z.union([z.number(), z.string()]).check(z.refine((v) => ttlSeconds(v) !== undefined, 'a positive number of seconds or a duration like "30d"')), '30d'),
});

export const gatewayConfigSchema = z.looseObject({
  client: z.prefault(clientConfigSchema, {}),
  providers: z._default(z.record(z.string(), providerConfigSchema), {}),
  plugins: z._default(z.array(pluginEntrySchema), []),
});

export type GatewayConfig = z.output<typeof gatewayConfigSchema>;
export type ProviderConfig = z.output<typeof providerConfigSchema>;
export type PluginEntry = z.output<typeof pluginEntrySchema>;
export type ClientConfig = z.output<typeof clientConfigSchema>;
