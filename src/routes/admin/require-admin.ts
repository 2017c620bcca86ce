import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../../app-env';
import { GatewayError } from '../../errors/gateway-error';

const unauthorized = (message: string) => new GatewayError({ status: 401, type: 'authentication_error', code: 'invalid_admin_token', message });

async function sha256(text: string): Promise<ArrayBuffer> {
  return crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
}

/**
 * `Authorization: Bearer <HEIMDALL_ADMIN_TOKEN>`. Both sides are hashed first so the constant-time
 * comparison sees equal lengths and the token's length leaks nothing either.
 */
export const requireAdmin: MiddlewareHandler<AppEnv> = async (c, next) => {
  const expected = c.env.HEIMDALL_ADMIN_TOKEN;
  if (!expected) throw unauthorized('the admin API is disabled: set the HEIMDALL_ADMIN_TOKEN secret');
  const header = c.req.header('authorization') ?? '';
  const given = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
  const [a, b] = await Promise.all([sha256(given), sha256(expected)]);
  if (!given || !crypto.subtle.timingSafeEqual(a, b)) throw unauthorized('missing or wrong admin token (Authorization: Bearer …)');
  await next();
};
