import type { MiddlewareHandler } from 'hono';
import { cors } from 'hono/cors';
import type { AppEnv } from '../app-env';
import { GatewayError } from '../errors/gateway-error';

/** What a browser client may read of a response beside the body. */
const EXPOSED = ['x-request-id', 'x-bf-fallback-index', 'x-heimdall-answered-by', 'x-bf-cache-status', 'retry-after'];

/**
 * Cross-origin access as Bifrost configures it (`client.allowed_origins`): browsers on the listed
 * origins (or any, with "*") may call the client routes; a preflight from any other origin is a 403,
 * and by default no origin is allowed. The management API and the web UI are never cross-origin.
 */
export function corsFor(allowedOrigins: readonly string[]): MiddlewareHandler<AppEnv> {
  const any = allowedOrigins.includes('*');
  const allowed = new Set(allowedOrigins);
  const allow = (origin: string) => (origin !== '' && (any || allowed.has(origin)) ? origin : null);
  const grant = cors({ origin: allow, allowMethods: ['GET', 'POST', 'DELETE'], exposeHeaders: EXPOSED, maxAge: 600 });
  return async (c, next) => {
    const origin = c.req.header('origin');
    if (origin === undefined) return next();
    const operator = /^\/(api|ui)(\/|$)/.test(c.req.path);
    if (c.req.method === 'OPTIONS' && (operator || !allow(origin))) {
      throw new GatewayError({ status: 403, type: 'permission_error', code: 'origin_not_allowed', message: `origin ${origin.slice(0, 100)} may not call this gateway (client.allowed_origins)` });
    }
    if (operator) return next();
    return grant(c, next);
  };
}
