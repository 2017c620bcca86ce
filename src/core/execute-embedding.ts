import { GatewayError } from '../errors/gateway-error';
import type { RequestContext } from '../pipeline/hook-context';
import type { TryTiming } from '../pipeline/timeline';
import { type TraceContext, traceparent } from '../pipeline/trace-context';
import type { ResolvedProvider } from '../providers/types';
import type { EmbeddingRequest, EmbeddingResponse, ModelTarget } from '../types/chat';
import { callWithRetries } from './call-with-retries';

/** Embeddings with the same attempt rules as chat: retries per provider, then fallbacks in order. */
export async function executeEmbedding(
  request: EmbeddingRequest,
  fallbacks: readonly ModelTarget[],
  providers: ReadonlyMap<string, ResolvedProvider>,
  rc: RequestContext,
): Promise<EmbeddingResponse> {
  const targets = [{ provider: request.provider, model: request.model }, ...fallbacks];
  let primary: GatewayError | undefined;
  for (let i = 0; i < targets.length; i++) {
    const target = targets[i]!;
    rc.fallbackIndex = i;
    rc.provider = target.provider;
    rc.model = target.model;
    const timing = rc.timeline.beginAttempt(i, target.provider, target.model);
    const onTry = (t: TryTiming) => timing.tries.push(t);
    try {
      const response = await embedOnce({ ...request, ...target }, providers, { env: rc.env, requestId: rc.requestId, pinnedKey: rc.pinnedKey, onTry, trace: rc.trace });
      rc.timeline.endAttempt(timing, 'response');
      return response;
    } catch (err) {
      const error = GatewayError.from(err, { status: 502, type: 'upstream_error', retryable: true });
      rc.timeline.endAttempt(timing, 'error', error.message);
      primary ??= error;
      if (error.allowFallbacks === false) break;
    }
  }
  throw primary!;
}

/** One provider's embeddings with its retries; also what plugins call through `GatewayServices.embed`. */
export async function embedOnce(
  req: EmbeddingRequest,
  providers: ReadonlyMap<string, ResolvedProvider>,
  rc: { env: Cloudflare.Env; requestId: string; pinnedKey?: string | undefined; onTry?: (t: TryTiming) => void; trace?: TraceContext },
): Promise<EmbeddingResponse> {
  const provider = providers.get(req.provider);
  if (!provider) throw GatewayError.invalidRequest(`provider "${req.provider}" is not configured`, 'unknown_provider', 'model');
  const embed = provider.kind.adapter.embed;
  if (!embed) throw GatewayError.invalidRequest(`provider "${req.provider}" has no embeddings API`, 'unsupported_endpoint', 'model');
  const { trace } = rc;
  return callWithRetries(provider, req.model, { env: rc.env, pinnedKey: rc.pinnedKey, ...(rc.onTry && { onTry: rc.onTry }) }, (key, spanId) =>
    embed.call(provider.kind.adapter, req, { provider, key, requestId: rc.requestId, env: rc.env, ...(trace && { traceparent: traceparent(trace, spanId) }) }),
  );
}
