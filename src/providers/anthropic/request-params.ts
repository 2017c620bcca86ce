import { GatewayError } from '../../errors/gateway-error';
import { ownValue } from '../../core/own-value';

// Every canonical parameter the Anthropic provider may meet, and what becomes of it. Nothing is
// dropped by accident: a parameter is mapped (chat.ts builds it into the body), forwarded as
// Anthropic spells it, ignored on purpose (it does not change the answer), or refused with a 400
// naming it and the provider. A name on none of these lists is forwarded too: Anthropic rejects
// fields it does not know with a 400 naming them, and a field it added later works unchanged.

/** Built into the Messages body by chat.ts (renamed or translated). */
export const MAPPED = new Set([
  'max_tokens', // also max_completion_tokens; Anthropic requires one
  'max_completion_tokens',
  'temperature',
  'top_p',
  'stop', // → stop_sequences
  'tools', // OpenAI function tools → {name, description, input_schema}; Anthropic-native tools as they are
  'tool_choice', // auto/required/none/named → {type: auto|any|none|tool}
  'parallel_tool_calls', // false → disable_parallel_tool_use
  'user', // → metadata.user_id
  'response_format', // → output_config.format, or a forced tool (structured-output.ts)
]);

// Forwarded as they are: top_k, Anthropic's own fields when another dialect's client sends them in
// `params` (context_management, container, mcp_servers, …), and names on no list here; service_tier
// is checked against Anthropic's words. The Anthropic dialect's Anthropic-only fields come apart,
// in ChatRequest.anthropic, and are sent as the client spelled them.

/**
 * OpenAI parameters that do not change what the model answers, so an Anthropic target goes without:
 * `store` and `metadata` label stored completions on OpenAI's side; `prompt_cache_key` /
 * `prompt_cache_retention` steer OpenAI's automatic cache (Anthropic caches by `cache_control`);
 * `safety_identifier` is OpenAI's abuse-monitoring id; `reasoning_effort` and `reasoning` are read by
 * the dialects into the request's reasoning, which thinking.ts maps; `client_metadata` is Codex's
 * telemetry.
 */
export const IGNORED = new Set(['store', 'metadata', 'prompt_cache_key', 'prompt_cache_retention', 'safety_identifier', 'reasoning_effort', 'reasoning', 'client_metadata']);

/** OpenAI parameters Anthropic has no way to honour when set to anything but their neutral value. */
const REFUSED: Record<string, (v: unknown) => boolean> = {
  n: (v) => v !== 1,
  frequency_penalty: (v) => v !== 0,
  presence_penalty: (v) => v !== 0,
  logit_bias: (v) => !(typeof v === 'object' && v !== null && Object.keys(v).length === 0),
  logprobs: (v) => v !== false,
  top_logprobs: (v) => v !== 0,
  seed: () => true,
  audio: () => true,
  modalities: (v) => !(Array.isArray(v) && v.every((m) => m === 'text')),
  prediction: () => true,
  web_search_options: () => true,
  verbosity: () => true,
  functions: () => true,
  function_call: () => true,
};

/**
 * OpenAI's `service_tier` words where Anthropic has a counterpart (`auto`, `standard_only`);
 * OpenAI's flex/priority/scale have none.
 */
const SERVICE_TIER: Record<string, string> = { auto: 'auto', standard_only: 'standard_only', default: 'standard_only' };

/** Throws the 400 for the first refused parameter; returns the forwarded ones as Anthropic wants them. */
export function anthropicPassthrough(params: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || value === null) continue;
    const refuse = ownValue(REFUSED, name);
    if (refuse?.(value)) throw unsupported(name);
    if (MAPPED.has(name) || IGNORED.has(name) || refuse) continue;
    if (name === 'service_tier') {
      const tier = typeof value === 'string' ? ownValue(SERVICE_TIER, value) : undefined;
      if (!tier) throw GatewayError.invalidRequest(`service_tier "${String(value)}" is not supported by provider anthropic (it has "auto" and "standard_only")`, 'unsupported_parameter', 'service_tier');
      out.service_tier = tier;
      continue;
    }
    out[name] = value;
  }
  return out;
}

export const unsupported = (param: string, why = '') =>
  GatewayError.invalidRequest(`${param} is not supported by provider anthropic${why}`, 'unsupported_parameter', param);
