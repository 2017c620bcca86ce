import { GatewayError } from '../errors/gateway-error';
import type { ProviderCall } from './types';

/**
 * fetch with the gateway's upstream rules: a deadline for the response headers (a stream's body may
 * then run as long as it flows), network failures as retryable 502s, timeouts as 504s, non-2xx
 * answers handed to the provider's own error mapping, and the try's W3C `traceparent`.
 */
export async function upstreamFetch(
  call: Pick<ProviderCall, 'provider' | 'traceparent'>,
  url: string,
  init: RequestInit,
  mapError: (status: number, body: string) => GatewayError,
): Promise<Response> {
  const { provider } = call;
  const headers = new Headers(init.headers);
  if (call.traceparent && !headers.has('traceparent')) headers.set('traceparent', call.traceparent);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), provider.timeoutMs);
  let res: Response;
  try {
    res = await fetch(url, { ...init, headers, signal: controller.signal });
  } catch (err) {
    const timedOut = controller.signal.aborted;
    throw new GatewayError({
      status: timedOut ? 504 : 502,
      type: 'upstream_error',
      code: timedOut ? 'upstream_timeout' : 'upstream_unreachable',
      message: timedOut
        ? `provider "${provider.name}" did not answer within ${provider.timeoutMs} ms`
        : `provider "${provider.name}" could not be reached: ${err instanceof Error ? err.message : String(err)}`,
      retryable: true,
      provider: provider.name,
      cause: err,
    });
  } finally {
    clearTimeout(timer);
  }
  if (!res.ok) throw mapError(res.status, await res.text());
  return res;
}
