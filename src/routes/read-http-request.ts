import type { Context } from 'hono';
import type { AppEnv } from '../app-env';
import { GatewayError } from '../errors/gateway-error';

/** The request's JSON body (undefined when empty); malformed JSON is the client's 400, not our 500. */
export async function readJsonBody(c: Context<AppEnv>): Promise<unknown> {
  const text = await c.req.text();
  try {
    return text === '' ? undefined : JSON.parse(text);
  } catch (err) {
    throw GatewayError.invalidRequest(`request body is not valid JSON: ${err instanceof Error ? err.message : String(err)}`, 'invalid_json');
  }
}
