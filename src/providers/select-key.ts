import { resolveEnvRef, resolveEnvRefsDeep } from '../config/resolve-env';
import { GatewayError } from '../errors/gateway-error';
import type { ResolvedProvider, SelectedKey } from './types';

export interface KeyChoice {
  /** `x-bf-api-key`: use exactly the key with this name. */
  pinned?: string | undefined;
  /** Keys that just answered 429: avoided while another allowed key remains. */
  exclude?: ReadonlySet<string>;
  random?: () => number;
}

const keyName = (provider: ResolvedProvider, key: ResolvedProvider['keys'][number]) => key.name ?? `#${provider.keys.indexOf(key)}`;

/** Weighted random choice among the keys allowed to serve `model`, with secrets resolved. */
export function selectKey(provider: ResolvedProvider, model: string, env: Cloudflare.Env, choice: KeyChoice = {}): SelectedKey | undefined {
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
  let allowed = provider.keys.filter((k) => k.models.length === 0 || k.models.includes(model));
  if (choice.pinned !== undefined) {
    allowed = allowed.filter((k) => keyName(provider, k) === choice.pinned);
    if (allowed.length === 0) {
      throw GatewayError.invalidRequest(`x-bf-api-key: provider "${provider.name}" has no key "${choice.pinned.slice(0, 64)}" that may serve "${model}"`, 'unknown_key', 'x-bf-api-key');
    }
  }
  if (allowed.length === 0) {
    throw GatewayError.invalidRequest(`no key of provider "${provider.name}" may serve model "${model}"`, 'model_not_allowed', 'model');
  }
  const fresh = allowed.filter((k) => !choice.exclude?.has(keyName(provider, k)));
  const pool = fresh.length > 0 ? fresh : allowed;
  const total = pool.reduce((sum, k) => sum + k.weight, 0);
  let pick = (choice.random ?? Math.random)() * total;
  const key = pool.find((k) => (pick -= k.weight) < 0) ?? pool[pool.length - 1]!;
  const name = keyName(provider, key);
  const where = `provider "${provider.name}" key "${name}"`;
  const settings = key.azure_key_config ?? key.bedrock_key_config ?? key.vertex_key_config ?? key.workers_ai_key_config ?? {};
  return {
    name,
    value: resolveEnvRef(key.value, env, where),
    settings: resolveEnvRefsDeep(settings, env, where) as Record<string, unknown>,
  };
}
