import { GatewayError } from '../errors/gateway-error';
import type { ResolvedProvider } from '../providers/types';

/**
 * A non-streamed exchange, headers and body together, bounded by the provider's request timeout: a
 * body that stalls after its headers is a retryable 504, and the upstream connection is closed.
 */
export async function withDeadline<T>(provider: ResolvedProvider, run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const timedOut = new GatewayError({
    status: 504,
    type: 'upstream_error',
    code: 'upstream_timeout',
    message: `provider "${provider.name}" did not answer within ${provider.timeoutMs} ms`,
    retryable: true,
    provider: provider.name,
  });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller.abort(timedOut);
      reject(timedOut);
    }, provider.timeoutMs);
  });
  try {
    return await Promise.race([run(controller.signal), deadline]);
  } finally {
    clearTimeout(timer);
  }
}
