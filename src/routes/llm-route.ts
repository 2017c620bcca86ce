import type { Context } from 'hono';
import type { AppEnv } from '../app-env';
import { executeLLM, type RequestOutcome } from '../core/execute-llm';
import type { DialectFor } from '../dialects/dialect';
import { asGatewayError } from '../errors/render-error';
import type { Attempt } from '../facts/attempt';
import { extraFieldsOf } from '../facts/extra-fields';
import { GatewayKeys } from '../pipeline/gateway-keys';
import type { HttpResponse } from '../pipeline/http-types';
import type { PipelineRunner } from '../pipeline/runner';
import { encodeSse } from '../streams/encode-sse';
import type { ChatRequest, LLMRequest, ResponseFor } from '../types/chat';
import { checkTargets } from './check-targets';
import { toResponse } from './http-response';
import { readJsonBody } from './read-http-request';
import type { RequestScope } from './request-scope';

/**
 * An LLM endpoint in one dialect: transport hooks around the LLM pipeline, the dialect at both
 * ends. Every endpoint is this route with its dialect, so each gets the hooks, fallbacks, facts
 * and observers the same way.
 */
export function llmRoute<Req extends LLMRequest>(dialectFor: DialectFor<Req>) {
  return async (c: Context<AppEnv>): Promise<Response> => {
    const { scope, runtime, requestId } = c.var;
    const { runner, rc } = scope;
    const dialect = typeof dialectFor === 'function' ? dialectFor({ rc, client: runtime.loaded.config.client }) : dialectFor;
    rc.http.body = await readJsonBody(c);

    const pre = await runner.httpPre(rc.http);
    if (pre.response) return finish(runner, pre.ran, pre.response);

    let request: Req | undefined;
    let outcome: RequestOutcome;
    try {
      request = await dialect.parse(rc.http.body, runtime.knownProviders, rc.http.headers);
      checkTargets(request, runtime.loaded.config.client.max_fallbacks);
      if (request.fallbacks.length === 0) request.fallbacks = [...(runtime.loaded.providers.get(request.provider)?.fallbacks ?? [])];
      rc.kind = request.kind;
      rc.isStream = request.kind === 'chat' && request.stream;
      rc.pinnedKey = rc.http.headers['x-bf-api-key'];
      rc.setGatewayValue(GatewayKeys.requestedModel, request.provider ? `${request.provider}/${request.model}` : request.model);
      outcome = await executeLLM(runner, request, runtime.loaded.providers);
    } catch (err) {
      outcome = { kind: 'error', error: asGatewayError(err) };
    }

    if (outcome.kind === 'stream') {
      // Only chat requests that asked to stream get a stream, and every chat dialect encodes one.
      const { attempt } = outcome;
      const chat = request as ChatRequest;
      let chunks = dialect.encodeStream!({ fallbackId: `chatcmpl-${requestId}`, model: chat.model, includeUsage: chat.includeUsage, extraFields: () => extraFieldsOf(attempt) })(outcome.stream);
      if (runner.hasChunkHooks) chunks = chunks.pipeThrough(runner.chunkHooks(rc.http, outcome.end));
      return streamResponse(scope, encodeSse(chunks, dialect.doneMarker, () => scope.complete(200)), attempt);
    }
    let httpRes: HttpResponse;
    if (outcome.kind === 'response') {
      httpRes = {
        status: 200,
        headers: { 'content-type': 'application/json', ...attemptHeaders(outcome.attempt), ...rc.responseHeaders },
        body: await dialect.encodeResponse(outcome.response as ResponseFor<Req>, extraFieldsOf(outcome.attempt), request!),
      };
    } else {
      rc.error = outcome.error;
      const { retryAfterSeconds } = outcome.error;
      const wait: Record<string, string> = retryAfterSeconds === undefined ? {} : { 'retry-after': String(Math.ceil(retryAfterSeconds)) };
      httpRes = { status: outcome.error.status, headers: { 'content-type': 'application/json', ...wait, ...rc.responseHeaders }, body: dialect.errorBody(outcome.error) };
    }
    return finish(runner, pre.ran, httpRes);
  };
}

/**
 * Which attempt answered (Bifrost's `x-bf-fallback-index`), and which plugin when one answered in
 * the provider's place (the mocker, a cache hit): a client can always tell a canned answer.
 */
function attemptHeaders(attempt: Attempt): Record<string, string> {
  return { 'x-bf-fallback-index': String(attempt.index), ...(attempt.answeredBy !== null && { 'x-heimdall-answered-by': attempt.answeredBy }) };
}

/** Once streaming began the HTTP status is 200; errors after that travel inside the stream. `body` completes the scope when it ends. */
function streamResponse(scope: RequestScope, body: ReadableStream<Uint8Array>, attempt: Attempt): Response {
  scope.streaming = true;
  return new Response(body, {
    headers: {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      'x-request-id': scope.rc.requestId,
      ...attemptHeaders(attempt),
      ...scope.rc.responseHeaders,
    },
  });
}

/** HTTP post hooks over a JSON response, then the response (also for routes beside the LLM ones, e.g. stored responses). */
export async function finish(runner: PipelineRunner, ran: number, res: HttpResponse): Promise<Response> {
  await runner.httpPost(ran, runner.rc.http, res);
  return toResponse(res, runner.rc.requestId);
}
