import { GatewayError } from '../errors/gateway-error';
import type { ResolvedProvider } from '../providers/types';
import type { EmbeddingRequest, EmbeddingResponse } from '../types/chat';
import { callWithRetries } from './call-with-retries';
import { withDeadline } from './with-deadline';

/**
 * One provider's embeddings with its retries and no hooks: what plugins call through
 * `GatewayServices.embed` (a semantic cache's vectors). Client requests go through `executeLLM`.
 */
export async function embedOnce(
  req: EmbeddingRequest,
  providers: ReadonlyMap<string, ResolvedProvider>,
  rc: { env: Cloudflare.Env; requestId: string },
): Promise<EmbeddingResponse> {
  const provider = providers.get(req.provider);
  if (!provider) throw GatewayError.invalidRequest(`provider "${req.provider}" is not configured`, 'unknown_provider', 'model');
  const embed = provider.kind.adapter.embed;
  if (!embed) throw GatewayError.invalidRequest(`provider "${req.provider}" has no embeddings API`, 'unsupported_endpoint', 'model');
  return callWithRetries(provider, req.model, { env: rc.env }, (key) =>
    withDeadline(provider, (signal) => embed.call(provider.kind.adapter, req, { provider, key, requestId: rc.requestId, env: rc.env, signal })),
  );
}
