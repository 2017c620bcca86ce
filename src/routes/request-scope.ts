import type { Context, MiddlewareHandler } from 'hono';
import type { AppEnv } from '../app-env';
import { asGatewayError } from '../errors/render-error';
import { finishedRequest } from '../facts/finished-request';
import { RequestContext } from '../pipeline/hook-context';
import type { HttpRequest } from '../pipeline/http-types';
import { PipelineRunner } from '../pipeline/runner';
import { waitForIdle } from '../core/wait-for-idle';

/**
 * One client request from its first byte to its observers: the context its hooks share, the
 * plugin snapshot it holds to its end, and the completion that hands the finished request to every
 * plugin's `onRequestEnd`. Set up before anything can refuse the request (body limit, malformed
 * JSON, no such route), so every request is observed, and completed once, whichever way it ends.
 */
export class RequestScope {
  /** A route whose response streams sets this; the stream's end then completes the request. */
  streaming = false;
  private completed = false;

  constructor(
    readonly runner: PipelineRunner,
    private readonly release: () => void,
  ) {}

  get rc(): RequestContext {
    return this.runner.rc;
  }

  /** The response is complete: observers run in waitUntil, after the response left; then the snapshot is released. */
  complete(status: number): void {
    if (this.completed) return;
    this.completed = true;
    const end = Date.now();
    this.rc.close();
    const observed = afterResponse()
      .then(() => this.runner.observe(finishedRequest(this.rc, status, end)))
      .finally(() => {
        this.release();
        pending.delete(observed);
      });
    pending.add(observed);
    this.rc.executionCtx.waitUntil(observed);
  }
}

/** Observers still running in this isolate. */
const pending = new Set<Promise<void>>();

/** How long a scrape waits for the observers in flight (they are counters and a queued flush). */
const SETTLE_MAX_MS = 5000;

/** Resolves once this isolate's observers so far have run: a scrape here sees every request it served. */
export async function observersSettled(): Promise<void> {
  // Polled, not awaited: these promises belong to other requests.
  await waitForIdle(() => pending.size > 0, SETTLE_MAX_MS);
}

/** A macrotask later: the response (or the stream's last write) goes out before observers spend CPU. */
const afterResponse = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

function transportRequest(c: Context<AppEnv>): HttpRequest {
  const headers: Record<string, string> = {};
  c.req.raw.headers.forEach((value, name) => {
    headers[name] = value;
  });
  return { method: c.req.method, path: c.req.path, headers, query: c.req.query(), body: undefined };
}

/** The middleware in front of every client route (`routes`, exact paths) and of requests that match none. */
export const requestScope = (routes: ReadonlySet<string>): MiddlewareHandler<AppEnv> => async (c, next) => {
  const rc = new RequestContext(c.var.requestId, c.env, c.executionCtx, transportRequest(c));
  rc.route = routes.has(c.req.path) ? c.req.path : null;
  rc.clientSignal = c.req.raw.signal;
  let refresh: (() => Promise<void>) | undefined;
  const { set, release } = await c.var.runtime.plugins.acquire(c.env, (start) => (refresh = start));
  const scope = new RequestScope(new PipelineRunner(set, rc), release);
  c.set('scope', scope);
  try {
    await next();
  } finally {
    // The plugin set's due refresh, once the response (a stream's headers) went out.
    if (refresh) c.executionCtx.waitUntil(afterResponse().then(refresh));
  }
  // Refused by a middleware or a throw (body limit, malformed JSON): onError rendered it.
  if (c.error && c.res.status >= 400) rc.error ??= asGatewayError(c.error);
  if (!scope.streaming) scope.complete(c.res.status);
};
