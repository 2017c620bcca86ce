import { GatewayError } from '../../errors/gateway-error';

/** The D1 binding, or a 503 saying it is missing (the gateway also runs from its config file alone). */
export function requireDb(env: Cloudflare.Env): D1Database {
  if (!env.DB) throw new GatewayError({ status: 503, type: 'server_error', code: 'storage_unavailable', message: 'no D1 binding "DB": plugins, logs and virtual keys need it' });
  return env.DB;
}
