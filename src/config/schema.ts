import * as z from 'zod';
import { ttlSeconds } from './duration';

// Bifrost's config.json shape. Sections this issue does not use yet (governance, vector_store, …)
// are accepted as they are so a Bifrost config can be brought over whole.

const keySettings = z.record(z.string(), z.unknown()).optional();

const providerKey = z.strictObject({
  name: z.string().min(1).optional(),
  /** A literal key or `env.NAME`, read from Worker secrets when the provider is called. */
  value: z.string().default(''),
  /** Models this key may serve; empty = all. */
  models: z.array(z.string()).default([]),
  weight: z.number().positive().default(1),
  // Provider-specific key settings in Bifrost's names; each provider validates its own when called.
  azure_key_config: keySettings,
  bedrock_key_config: keySettings,
  vertex_key_config: keySettings,
  workers_ai_key_config: keySettings,
});

const networkConfig = z.strictObject({
  base_url: z.url().optional(),
  extra_headers: z.record(z.string(), z.string()).optional(),
  default_request_timeout_in_seconds: z.number().positive().default(30),
  /** Extra tries after a retryable failure (429, 5xx, network); never after another 4xx. */
  max_retries: z.number().int().min(0).max(10).default(0),
  /** Backoff before retry n is min(max, initial·2ⁿ) with jitter, in milliseconds. */
  retry_backoff_initial: z.number().int().min(0).default(500),
  retry_backoff_max: z.number().int().min(0).default(5000),
  /** A stream with no data for this long is ended with an error event. */
  stream_idle_timeout_in_seconds: z.number().positive().default(60),
});

export const providerConfigSchema = z.strictObject({
  keys: z.array(providerKey).default([]),
  network_config: networkConfig.prefault({}),
  /** Tried in order when a request names no fallbacks of its own. */
  fallbacks: z.array(z.string()).default([]),
  /** For a provider name Heimdall does not know: which wire format it speaks. */
  custom_provider_config: z.strictObject({ base_provider_type: z.string() }).optional(),
});

export const placementSchema = z.enum(['pre_builtin', 'builtin', 'post_builtin']);

export const pluginEntrySchema = z.strictObject({
  name: z.string().min(1),
  enabled: z.boolean(),
  config: z.unknown().optional(),
  version: z.number().int().positive().default(1),
  placement: placementSchema.default('post_builtin'),
  order: z.number().int().default(0),
  /** Overrides the plugin's own fail-closed default. */
  fail_closed: z.boolean().optional(),
  /** A WASM plugin: its `.wasm` file under plugins/, bundled at build time (src/wasm/wasm-path.ts says what is accepted). */
  path: z.string().min(1).optional(),
});

export const clientConfigSchema = z.looseObject({
  max_request_body_size_mb: z.number().positive().max(100).default(10),
  /** Origins whose browser pages may call the client routes ("*" for any); none by default. */
  allowed_origins: z.array(z.string().min(1)).default([]),
  /** Fallbacks one request may name: each is an upstream call (and its retries). */
  max_fallbacks: z.number().int().min(0).max(50).default(5),
  plugin_hook_timeout_ms: z.number().int().positive().default(5000),
  /** How long an isolate serves its plugin set before checking D1 and KV for changes. */
  plugin_refresh_interval_ms: z.number().int().min(0).default(2000),
  /**
   * Responses API: tools OpenAI hosts (web_search, file_search, code_interpreter, …) cannot run
   * behind the chat upstreams /v1/responses is answered by. Off: such a request is a 400 naming the
   * tool. On: they are dropped and named in the response's `x-heimdall-dropped-tools` header.
   */
  drop_unsupported_tools: z.boolean().default(false),
  /** Responses API: how long a stored response (`store`, OpenAI's default) can be read and continued: seconds or `30d`-style. */
  responses_retention: z.union([z.number(), z.string()]).refine((v) => ttlSeconds(v) !== undefined, 'a positive number of seconds or a duration like "30d"').default('30d'),
});

export const gatewayConfigSchema = z.looseObject({
  client: clientConfigSchema.prefault({}),
  providers: z.record(z.string(), providerConfigSchema).default({}),
  plugins: z.array(pluginEntrySchema).default([]),
});

export type GatewayConfig = z.output<typeof gatewayConfigSchema>;
export type ProviderConfig = z.output<typeof providerConfigSchema>;
export type PluginEntry = z.output<typeof pluginEntrySchema>;
export type ClientConfig = z.output<typeof clientConfigSchema>;
