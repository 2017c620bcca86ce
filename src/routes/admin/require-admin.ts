import type { Context, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import type { AppEnv } from '../../app-env';
import { GatewayError } from '../../errors/gateway-error';
import { SESSION_COOKIE, verifySession } from '../../ui/session';

const unauthorized = (message: string) => new GatewayError({ status: 401, type: 'authentication_error', code: 'invalid_admin_token', message });

async function sha256(text: string): Promise<ArrayBuffer> {
  return crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
}

/** Both sides are hashed first so the constant-time comparison sees equal lengths and the token's length leaks nothing either. */
export async function isAdminToken(expected: string, given: string): Promise<boolean> {
  const [a, b] = await Promise.all([sha256(given), sha256(expected)]);
  return given !== '' && crypto.subtle.timingSafeEqual(a, b);
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * The web UI's session cookie. It is SameSite=Strict; a write must also come from this origin,
 * so no other site can make a logged-in browser change anything.
 */
export async function hasUiSession(c: Context<AppEnv>, expected: string): Promise<boolean> {
  const cookie = getCookie(c, SESSION_COOKIE);
  if (!cookie || !(await verifySession(expected, cookie))) return false;
  return SAFE_METHODS.has(c.req.method) || c.req.header('origin') === new URL(c.req.url).origin;
}

/** `Authorization: Bearer <HEIMDALL_ADMIN_TOKEN>`, or the web UI's session cookie. */
export const requireAdmin: MiddlewareHandler<AppEnv> = async (c, next) => {
  const expected = c.env.HEIMDALL_ADMIN_TOKEN;
  if (!expected) throw unauthorized('the admin API is disabled: set the HEIMDALL_ADMIN_TOKEN secret');
  const header = c.req.header('authorization');
  if (header !== undefined) {
    const given = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
    if (!(await isAdminToken(expected, given))) throw unauthorized('missing or wrong admin token (Authorization: Bearer …)');
  } else if (!(await hasUiSession(c, expected))) {
    throw unauthorized('missing or wrong admin token (Authorization: Bearer …)');
  }
  await next();
};
