import { GatewayError } from '../errors/gateway-error';

/**
 * What a provider whose wire format is not OpenAI's does with each canonical parameter: `mapped`
 * ones are translated to its own fields, `ignored` ones are left out on purpose (each provider
 * says why beside its list). Anything else is a 400 naming the parameter and the provider, so a
 * parameter is never dropped by accident.
 */
export interface ParamPolicy {
  mapped: ReadonlySet<string>;
  ignored: ReadonlySet<string>;
}

export function checkParams(provider: string, params: Record<string, unknown>, policy: ParamPolicy): void {
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined || value === null || policy.mapped.has(name) || policy.ignored.has(name)) continue;
    throw GatewayError.invalidRequest(`provider "${provider}" does not support the parameter "${name}"`, 'unsupported_parameter', name);
  }
}
