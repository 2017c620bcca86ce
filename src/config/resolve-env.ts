import { GatewayError } from '../errors/gateway-error';

const ENV_PREFIX = 'env.';

/** `"env.NAME"` → the Worker variable or secret NAME; any other string is returned as it is. */
export function resolveEnvRef(value: string, env: Cloudflare.Env, where: string): string {
  if (!value.startsWith(ENV_PREFIX)) return value;
  const name = value.slice(ENV_PREFIX.length);
  const resolved = (env as unknown as Record<string, unknown>)[name];
  if (typeof resolved !== 'string' || resolved === '') {
    throw new GatewayError({
      status: 500,
      type: 'configuration_error',
      code: 'missing_env_var',
      message: `${where} reads env.${name}, which is not set: add it to .dev.vars locally or run \`wrangler secret put ${name}\``,
    });
  }
  return resolved;
}

/** Resolves every `env.` string inside a plugin config, so plugins receive plain values. */
export function resolveEnvRefsDeep(value: unknown, env: Cloudflare.Env, where: string): unknown {
  if (typeof value === 'string') return resolveEnvRef(value, env, where);
  if (Array.isArray(value)) return value.map((v, i) => resolveEnvRefsDeep(v, env, `${where}[${i}]`));
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveEnvRefsDeep(v, env, `${where}.${k}`)]));
  }
  return value;
}
