import type { Context } from 'hono';
import type { AppEnv } from '../app-env';
import { type ChatOutcome, executeChat } from '../core/execute-chat';
import type { ChatDialect } from '../dialects/chat-dialect';
import { asGatewayError } from '../errors/render-error';
import { GatewayKeys } from '../pipeline/gateway-keys';
import { RequestContext } from '../pipeline/hook-context';
import type { HttpRequest, HttpResponse } from '../pipeline/http-types';
import { PipelineRunner } from '../pipeline/runner';
import { encodeSse } from '../streams/encode-sse';
import { onStreamEnd } from '../streams/on-stream-end';
import type { ChatRequest } from '../types/chat';
import { toResponse } from './http-response';
import { readHttpRequest } from './read-http-request';

/** A chat endpoint in one dialect: transport hooks around the LLM pipeline, the dialect at both ends. */
export function chatRoute(dialect: ChatDialect) {
  return async (c: Context<AppEnv>): Promise<Response> => {
    const httpReq = await readHttpRequest(c);
    const rc = new RequestContext(c.var.requestId, c.env, c.executionCtx, httpReq.headers.traceparent);
    // The request keeps this snapshot to its end, stream included, whatever reloads meanwhile.
    const { set, release } = await c.var.runtime.plugins.acquire(c.env);
    try {
      return await handle(c, dialect, new PipelineRunner(set, rc), httpReq, release);
    } catch (err) {
      release();
      throw err;
    }
  };
}

async function handle(c: Context<AppEnv>, dialect: ChatDialect, runner: PipelineRunner, httpReq: HttpRequest, release: () => void): Promise<Response> {
  const { runtime, requestId } = c.var;
  const { rc } = runner;

  const pre = await runner.httpPre(httpReq);
  if (pre.response) return finish(runner, pre.ran, httpReq, pre.response, release);

  let request: ChatRequest | undefined;
  let outcome: ChatOutcome;
  try {
    request = dialect.parse(httpReq.body, runtime.knownProviders);
    if (request.fallbacks.length === 0) request.fallbacks = [...(runtime.loaded.providers.get(request.provider)?.fallbacks ?? [])];
    rc.isStream = request.stream;
    rc.pinnedKey = httpReq.headers['x-bf-api-key'];
    rc.setGatewayValue(GatewayKeys.requestedModel, `${request.provider}/${request.model}`);
    outcome = await executeChat(runner, request, runtime.loaded.providers);
  } catch (err) {
    outcome = { kind: 'error', error: asGatewayError(err) };
  }

  if (outcome.kind === 'stream') {
    let chunks = outcome.stream.pipeThrough(
      dialect.encodeStream({ fallbackId: `chatcmpl-${requestId}`, model: request!.model, includeUsage: request!.includeUsage }),
    );
    if (runner.hasChunkHooks) chunks = chunks.pipeThrough(runner.chunkHooks(httpReq));
    // Once streaming began the HTTP status is 200; errors after that travel inside the stream.
    const done = () => {
      rc.complete(200);
      release();
    };
    return new Response(onStreamEnd(chunks.pipeThrough(encodeSse(dialect.doneMarker)), done), {
      headers: {
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache',
        'x-request-id': requestId,
        'x-bf-fallback-index': String(rc.fallbackIndex),
        ...rc.responseHeaders,
      },
    });
  }
  const httpRes: HttpResponse =
    outcome.kind === 'response'
      ? {
          status: 200,
          headers: { 'content-type': 'application/json', 'x-bf-fallback-index': String(rc.fallbackIndex), ...rc.responseHeaders },
          body: dialect.encodeResponse(outcome.response, rc.fallbackIndex),
        }
      : { status: outcome.error.status, headers: { 'content-type': 'application/json', ...rc.responseHeaders }, body: dialect.errorBody(outcome.error) };
  return finish(runner, pre.ran, httpReq, httpRes, release);
}

async function finish(runner: PipelineRunner, ran: number, req: HttpRequest, res: HttpResponse, release: () => void): Promise<Response> {
  try {
    await runner.httpPost(ran, req, res);
    runner.rc.complete(res.status);
  } finally {
    release();
  }
  return toResponse(res, runner.rc.requestId);
}
