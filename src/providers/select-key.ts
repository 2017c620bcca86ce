import { resolveEnvRef } from '../config/resolve-env';
import { GatewayError } from '../errors/gateway-error';
import type { ResolvedProvider } from './types';

/** Weighted random choice among the keys allowed to serve `model`, resolved from secrets. */
export function selectKey(provider: ResolvedProvider, model: string, env: Cloudflare.Env, random = Math.random): string | undefined {
  if (provider.keys.length === 0) {
    if (provider.kind.keyOptional) return undefined;
    throw new GatewayError({
      status: 401,
      type: 'authentication_error',
      code: 'missing_provider_key',
      message: `provider "${provider.name}" has no keys configured`,
      provider: provider.name,
    });
  }
  const allowed = provider.keys.filter((k) => k.models.length === 0 || k.models.includes(model));
  if (allowed.length === 0) {
    throw GatewayError.invalidRequest(`no key of provider "${provider.name}" may serve model "${model}"`, 'model_not_allowed', 'model');
  }
  const total = allowed.reduce((sum, k) => sum + k.weight, 0);
  let pick = random() * total;
  const key = allowed.find((k) => (pick -= k.weight) < 0) ?? allowed[allowed.length - 1]!;
  return resolveEnvRef(key.value, env, `provider "${provider.name}" key "${key.name ?? '#' + provider.keys.indexOf(key)}"`);
}
