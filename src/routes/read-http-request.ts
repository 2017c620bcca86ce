import type { Context } from 'hono';
import type { AppEnv } from '../app-env';
import { GatewayError } from '../errors/gateway-error';
import type { HttpRequest } from '../pipeline/http-types';

/** The transport view of a JSON request; malformed JSON is the client's 400, not our 500. */
export async function readHttpRequest(c: Context<AppEnv>): Promise<HttpRequest> {
  const text = await c.req.text();
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch (err) {
    throw GatewayError.invalidRequest(`request body is not valid JSON: ${err instanceof Error ? err.message : String(err)}`, 'invalid_json');
  }
  const headers: Record<string, string> = {};
  c.req.raw.headers.forEach((value, name) => {
    headers[name] = value;
  });
  return { method: c.req.method, path: c.req.path, headers, query: c.req.query(), body };
}
