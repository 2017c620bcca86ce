import { GatewayError } from '../errors/gateway-error';
import type { ResolvedProvider } from '../providers/types';
import { upstreamTimeout } from '../providers/upstream-errors';

/**
 * A non-streamed exchange, headers and body together, bounded by the provider's request timeout: a
 * body that stalls after its headers is a retryable 504, and the upstream connection is closed. A
 * client that hangs up (`client` aborts) ends it too, as a 499 that neither retries nor falls back:
 * nobody is left to receive an answer, so none is paid for.
 */
export async function withDeadline<T>(provider: ResolvedProvider, run: (signal: AbortSignal) => Promise<T>, client?: AbortSignal): Promise<T> {
  const controller = new AbortController();
  // The errors are made when they happen, not up front: almost every call ends with neither.
  const gone = () => new GatewayError({ status: 499, type: 'client_closed', code: 'client_closed', message: 'the client closed the connection before the answer', allowFallbacks: false, provider: provider.name });
  const timedOut = () => upstreamTimeout(provider);
  let timer: ReturnType<typeof setTimeout> | undefined;
  let hangUp: (() => void) | undefined;
  const deadline = new Promise<never>((_, reject) => {
    const stop = (error: GatewayError) => {
      controller.abort(error);
      reject(error);
    };
    timer = setTimeout(() => stop(timedOut()), provider.timeoutMs);
    hangUp = () => stop(gone());
    if (client?.aborted) hangUp();
    else client?.addEventListener('abort', hangUp, { once: true });
  });
  try {
    const running = run(controller.signal);
    // Past the deadline the aborted call still rejects; the deadline's error is the one reported.
    running.catch(() => undefined);
    return await Promise.race([running, deadline]);
  } finally {
    clearTimeout(timer);
    if (hangUp) client?.removeEventListener('abort', hangUp);
  }
}
