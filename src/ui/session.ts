// The web UI's session: after the login form proves the admin token, the browser holds a cookie
// that is an expiry signed with the token (HMAC-SHA256). The token itself never leaves the login
// POST; rotating it ends every session.

export const SESSION_COOKIE = 'heimdall_session';
const SESSION_TTL_S = 12 * 60 * 60;

const encoder = new TextEncoder();

async function sign(token: string, expires: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey('raw', encoder.encode(token), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return new Uint8Array(await crypto.subtle.sign('HMAC', key, encoder.encode(`heimdall-ui-session:${expires}`)));
}

const toBase64Url = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');

/** A cookie value valid until `nowS + SESSION_TTL_S`. */
export async function createSession(token: string, nowS = Math.floor(Date.now() / 1000)): Promise<string> {
  const expires = nowS + SESSION_TTL_S;
  return `${expires}.${toBase64Url(await sign(token, expires))}`;
}

export async function verifySession(token: string, value: string, nowS = Math.floor(Date.now() / 1000)): Promise<boolean> {
  const [expiresText, mac] = value.split('.');
  const expires = Number(expiresText);
  if (!mac || !Number.isInteger(expires) || expires <= nowS) return false;
  const expected = encoder.encode(toBase64Url(await sign(token, expires)));
  const given = encoder.encode(mac);
  return expected.byteLength === given.byteLength && crypto.subtle.timingSafeEqual(expected, given);
}
