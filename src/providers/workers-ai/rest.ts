import { GatewayError } from '../../errors/gateway-error';
import type { ProviderCall } from '../types';

/** The Cloudflare API root: the provider's default base URL, to which the account is appended. */
export const CLOUDFLARE_API = 'https://api.cloudflare.com/client/v4';

/**
 * Base of the OpenAI-compatible REST endpoints. With the API root as base URL the account comes
 * from the key's `account_id`; any other base URL is taken as complete
 * (`…/accounts/<id>/ai/v1`, an AI Gateway URL, a test server).
 */
export function restBaseUrl(call: ProviderCall): string {
  const base = call.provider.baseUrl.replace(/\/+$/, '');
  if (!base.endsWith('/client/v4')) return base;
  const accountId = call.key?.settings.account_id;
  if (typeof accountId === 'string' && accountId) return `${base}/accounts/${encodeURIComponent(accountId)}/ai/v1`;
  throw new GatewayError({
    status: 500,
    type: 'server_error',
    code: 'invalid_provider_config',
    message: `provider "${call.provider.name}" has no AI binding; the REST API needs the key's account_id or a base_url naming the account`,
    provider: call.provider.name,
  });
}

export function restHeaders(call: ProviderCall): Headers {
  if (!call.key?.value) {
    throw new GatewayError({
      status: 401,
      type: 'authentication_error',
      code: 'missing_provider_key',
      message: `provider "${call.provider.name}" has no AI binding and no API token for the REST API`,
      provider: call.provider.name,
    });
  }
  const h = new Headers(call.provider.extraHeaders);
  h.set('content-type', 'application/json');
  h.set('authorization', `Bearer ${call.key.value}`);
  return h;
}
