import type { GatewayRuntime } from './gateway-runtime';

/** Hono's environment for the app: Worker bindings plus per-request variables. */
export interface AppEnv {
  Bindings: Cloudflare.Env;
  Variables: { requestId: string; runtime: GatewayRuntime };
}
