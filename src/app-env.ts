import type { GatewayRuntime } from './gateway-runtime';
import type { RequestScope } from './routes/request-scope';

/** Hono's environment for the app: Worker bindings plus per-request variables. */
export interface AppEnv {
  Bindings: Cloudflare.Env;
  Variables: { requestId: string; runtime: GatewayRuntime; scope: RequestScope };
}
