import { GatewayError } from '../errors/gateway-error';

/**
 * What a provider whose wire format is not OpenAI's does with each canonical parameter: `mapped`
 * ones are translated to its own fields, `ignored` ones are left out on purpose (each provider
 * says why beside its list), `neutral` ones are accepted only at the value that asks for nothing
 * (a `service_tier` of "auto"). Anything else is a 400 naming the parameter and the provider, so a
 * parameter is never dropped by accident.
 */
export interface ParamPolicy {
  mapped: ReadonlySet<string>;
  ignored: ReadonlySet<string>;
  neutral?: Readonly<Record<string, (value: unknown) => boolean>>;
}

/**
 * OpenAI parameters that do not change what the model answers, so a target of another wire format
 * goes without them: `user` and `safety_identifier` are end-user ids for OpenAI's abuse monitoring;
 * `store` and `metadata` label OpenAI's stored completions; `prompt_cache_key` and
 * `prompt_cache_retention` steer OpenAI's automatic prompt cache; `client_metadata` is Codex's
 * telemetry.
 */
export const ANSWER_NEUTRAL_PARAMS: readonly string[] = ['user', 'safety_identifier', 'store', 'metadata', 'prompt_cache_key', 'prompt_cache_retention', 'client_metadata'];

/** The neutral values every such provider accepts: OpenAI's default tier, its default verbosity. */
export const NEUTRAL_VALUES: Readonly<Record<string, (value: unknown) => boolean>> = {
  service_tier: (v) => v === 'auto' || v === 'default',
  verbosity: (v) => v === 'medium',
  n: (v) => v === 1,
};

export function checkParams(provider: string, params: Record<string, unknown>, policy: ParamPolicy): void {
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || value === null || policy.mapped.has(name) || policy.ignored.has(name)) continue;
    if (policy.neutral?.[name]?.(value)) continue;
    const what = policy.neutral?.[name] ? `the parameter "${name}" set to ${JSON.stringify(value)}` : `the parameter "${name}"`;
    throw GatewayError.invalidRequest(`provider "${provider}" does not support ${what}`, 'unsupported_parameter', name);
  }
}
