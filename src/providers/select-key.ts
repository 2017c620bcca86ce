import { resolveEnvRef, resolveEnvRefsDeep } from '../config/resolve-env';
import { GatewayError } from '../errors/gateway-error';
import type { ResolvedProvider, SelectedKey } from './types';

/** Weighted random choice among the keys allowed to serve `model`, with secrets resolved. */
export function selectKey(provider: ResolvedProvider, model: string, env: Cloudflare.Env, random = Math.random): SelectedKey | undefined {
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
  const name = key.name ?? `#${provider.keys.indexOf(key)}`;
  const where = `provider "${provider.name}" key "${name}"`;
  const settings = key.azure_key_config ?? key.bedrock_key_config ?? key.vertex_key_config ?? {};
  return {
    name,
    value: resolveEnvRef(key.value, env, where),
    settings: resolveEnvRefsDeep(settings, env, where) as Record<string, unknown>,
  };
}
