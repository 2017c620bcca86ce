import type { Context } from 'hono';
import type { AppEnv } from '../../app-env';
import { GatewayError } from '../../errors/gateway-error';
import type { RequestContext } from '../../pipeline/hook-context';
import type { HttpResponse } from '../../pipeline/http-types';
import { finish } from '../../routes/llm-route';
import { keyScope } from './key-scope';
import { forClient, type Item } from './response-object';
import { deleteResponse, loadResponse } from './stored-responses';

// GET and DELETE /v1/responses/{id}: a stored response read back or removed, by the virtual key
// that stored it (another key's, an expired or an unknown id are all the same 404). The transport
// hooks run as on every client request, and governance's resolves the key they are scoped by.

const ID = /^resp_[\w-]{1,200}$/;

const notFound = (id: string) =>
  new GatewayError({ status: 404, type: 'invalid_request_error', code: 'not_found', param: 'response_id', message: `No response found with id '${id.slice(0, 256)}'.` });

export const storedResponseRoute = (op: 'get' | 'delete') => async (c: Context<AppEnv>): Promise<Response> => {
  const { runner, rc } = c.var.scope;
  // The scope matched exact paths only; this one has a parameter.
  rc.route = '/v1/responses/:id';
  const pre = await runner.httpPre(rc.http);
  if (pre.response) return finish(runner, pre.ran, pre.response);
  const id = c.req.param('id') ?? '';
  const db = rc.env.DB;
  const scope = keyScope(rc);
  let res: HttpResponse;
  if (!ID.test(id) || !db) res = errorResponse(rc, notFound(id));
  else if (op === 'get') {
    const stored = await loadResponse(db, scope, id);
    // As OpenAI's GET: reasoning's encrypted content only with `include[]=reasoning.encrypted_content`.
    const include = [...(c.req.queries('include[]') ?? []), ...(c.req.queries('include') ?? [])].includes('reasoning.encrypted_content');
    const body = stored && { ...stored.response, output: (stored.response.output as Item[]).map((item) => forClient(include, item)) };
    res = body ? { status: 200, headers: { 'content-type': 'application/json', ...rc.responseHeaders }, body } : errorResponse(rc, notFound(id));
  } else {
    const deleted = await deleteResponse(db, scope, id);
    res = deleted ? { status: 200, headers: { 'content-type': 'application/json', ...rc.responseHeaders }, body: { id, object: 'response', deleted: true } } : errorResponse(rc, notFound(id));
  }
  return finish(runner, pre.ran, res);
};

function errorResponse(rc: RequestContext, err: GatewayError): HttpResponse {
  rc.error = err;
  return { status: err.status, headers: { 'content-type': 'application/json', ...rc.responseHeaders }, body: err.toJSON() };
}
