import type { Context } from 'hono';
import type { AppEnv } from '../app-env';
import { GatewayError } from '../errors/gateway-error';

/** `application/json`, or a `+json` type, parameters allowed. */
const JSON_MEDIA = /^application\/([\w.-]+\+)?json\s*(;|$)/i;

/**
 * The request's JSON body (undefined when empty); malformed JSON is the client's 400, not our 500.
 * It must say it is JSON: a `text/plain` or form body is what a web page can send cross-site without
 * a CORS preflight, so accepting one would let any page spend through a visitor's browser.
 */
export async function readJsonBody(c: Context<AppEnv>): Promise<unknown> {
  const type = c.req.header('content-type') ?? '';
  if (!JSON_MEDIA.test(type)) {
    throw new GatewayError({
      status: 415,
      type: 'invalid_request_error',
      code: 'unsupported_media_type',
      message: `content-type must be application/json${type ? `, not ${type.slice(0, 64)}` : ''}`,
      param: 'content-type',
    });
  }
  const text = await c.req.text();
  try {
    return text === '' ? undefined : JSON.parse(text);
  } catch (err) {
    throw GatewayError.invalidRequest(`request body is not valid JSON: ${err instanceof Error ? err.message : String(err)}`, 'invalid_json');
  }
}
