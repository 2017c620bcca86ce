import type { Context } from 'hono';
import type { AppEnv } from '../app-env';
import { executeEmbedding } from '../core/execute-embedding';
import { encodeEmbeddingResponse, parseEmbeddingRequest } from '../dialects/openai/embeddings-request';
import { asGatewayError } from '../errors/render-error';
import { type Completion, RequestContext } from '../pipeline/hook-context';
import type { HttpResponse } from '../pipeline/http-types';
import { errorHttpResponse, PipelineRunner } from '../pipeline/runner';
import { toResponse } from './http-response';
import { readHttpRequest } from './read-http-request';

/**
 * POST /v1/embeddings. HTTP transport hooks run around it; the LLM hooks are chat-shaped and do not
 * (a plugin that needs embeddings uses the transport hooks, and reads the upstream outcome from
 * its completion callback).
 */
export async function embeddings(c: Context<AppEnv>): Promise<Response> {
  const { runtime, requestId } = c.var;
  const httpReq = await readHttpRequest(c);
  const rc = new RequestContext(requestId, c.env, c.executionCtx, httpReq.headers.traceparent);
  const { set, release } = await runtime.plugins.acquire(c.env);
  try {
    const runner = new PipelineRunner(set, rc);
    const pre = await runner.httpPre(httpReq);
    let res: HttpResponse;
    let outcome: Completion['embedding'];
    if (pre.response) res = pre.response;
    else {
      try {
        const parsed = parseEmbeddingRequest(httpReq.body, runtime.knownProviders);
        rc.pinnedKey = httpReq.headers['x-bf-api-key'];
        const fallbacks = parsed.fallbacks.length > 0 ? parsed.fallbacks : (runtime.loaded.providers.get(parsed.request.provider)?.fallbacks ?? []);
        const result = await executeEmbedding(parsed.request, fallbacks, runtime.loaded.providers, rc);
        const usage = result.usage && { prompt_tokens: result.usage.prompt_tokens, completion_tokens: 0, total_tokens: result.usage.total_tokens };
        outcome = { usage, error: undefined };
        res = {
          status: 200,
          headers: { 'content-type': 'application/json', 'x-bf-fallback-index': String(rc.fallbackIndex) },
          body: encodeEmbeddingResponse(result, parsed.encodingFormat, rc.fallbackIndex),
        };
      } catch (err) {
        const error = asGatewayError(err);
        // Only an upstream attempt has an outcome to count; a 400 before any attempt does not.
        if (rc.provider !== undefined) outcome = { usage: undefined, error: { type: error.type, message: error.message } };
        res = errorHttpResponse(error);
      }
    }
    await runner.httpPost(pre.ran, httpReq, res);
    rc.complete(res.status, outcome);
    return toResponse(res, requestId);
  } finally {
    release();
  }
}
