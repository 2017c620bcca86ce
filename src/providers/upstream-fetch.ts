import { GatewayError } from '../errors/gateway-error';
import type { ProviderCall } from './types';
import { upstreamTimeout } from './upstream-errors';

/** An error answer is read only this far: enough for any provider's message, bounded against a flood. */
const ERROR_BODY_MAX_BYTES = 64 * 1024;

/**
 * fetch with the gateway's upstream rules: a deadline for the response headers and, for an error
 * answer, its body (a stream's body may then run as long as it flows; the executor bounds a whole
 * non-streamed exchange through `call.signal`), no redirects followed (the prompt and the key go only
 * to the configured origin), network failures as retryable 502s, timeouts as 504s, non-2xx answers
 * handed to the provider's own error mapping, and the try's W3C `traceparent`.
 */
export async function upstreamFetch(
  call: Pick<ProviderCall, 'provider' | 'traceparent' | 'signal'>,
  url: string,
  init: RequestInit,
  mapError: (status: number, body: string) => GatewayError,
): Promise<Response> {
  const { provider } = call;
  const headers = new Headers(init.headers);
  if (call.traceparent && !headers.has('traceparent')) headers.set('traceparent', call.traceparent);
  // A caller's signal is the whole exchange's deadline (withDeadline, at the same timeout), which
  // bounds the headers too: a second timer, controller and AbortSignal.any per call would only
  // repeat it. Without one (a stream, whose body may run as long as it flows), the headers get theirs.
  const controller = call.signal ? undefined : new AbortController();
  const timer = controller && setTimeout(() => controller.abort(), provider.timeoutMs);
  const signal = call.signal ?? controller!.signal;
  const failed = (err: unknown): GatewayError => {
    // The caller's signal carries its own reason (the whole-exchange deadline, the client gone).
    if (call.signal?.aborted && call.signal.reason instanceof GatewayError) return call.signal.reason;
    if (signal.aborted) return upstreamTimeout(provider, err);
    return new GatewayError({
      status: 502,
      type: 'upstream_error',
      code: 'upstream_unreachable',
      message: `provider "${provider.name}" could not be reached: ${err instanceof Error ? err.message : String(err)}`,
      retryable: true,
      provider: provider.name,
      cause: err,
    });
  };
  try {
    let res: Response;
    try {
      res = await fetch(url, { ...init, headers, signal, redirect: 'manual' });
    } catch (err) {
      throw failed(err);
    }
    if (res.status >= 300 && res.status < 400) {
      await res.body?.cancel();
      throw new GatewayError({
        status: 502,
        type: 'upstream_error',
        code: 'upstream_redirect',
        // Not where it went: the location may carry what the operator would not want echoed.
        message: `provider "${provider.name}" answered ${res.status} (a redirect); the gateway does not follow redirects, so check the provider's base_url`,
        provider: provider.name,
      });
    }
    if (res.status < 200 || res.status > 599) {
      await res.body?.cancel();
      throw new GatewayError({ status: 502, type: 'upstream_error', code: 'invalid_upstream_status', message: `provider "${provider.name}" answered with status ${res.status}, which is not HTTP`, retryable: true, provider: provider.name });
    }
    if (!res.ok) {
      let body: string;
      try {
        body = await readCapped(res, ERROR_BODY_MAX_BYTES);
      } catch (err) {
        throw failed(err);
      }
      const error = mapError(res.status, body);
      error.retryAfterSeconds = retryAfterSeconds(res.headers);
      throw error;
    }
    return res;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * `retry-after` as seconds (delta-seconds or an HTTP date), or OpenAI's `retry-after-ms`; undefined
 * when absent or unreadable. Capped at a day: a larger figure is a broken header, not advice.
 */
export function retryAfterSeconds(headers: Headers, now = Date.now()): number | undefined {
  const ms = Number(headers.get('retry-after-ms') ?? Number.NaN);
  if (Number.isFinite(ms) && ms >= 0) return Math.min(86_400, ms / 1000);
  const value = headers.get('retry-after')?.trim();
  if (!value) return undefined;
  const seconds = /^\d+(\.\d+)?$/.test(value) ? Number(value) : (Date.parse(value) - now) / 1000;
  return Number.isFinite(seconds) ? Math.min(86_400, Math.max(0, seconds)) : undefined;
}

/** A body's first `max` bytes as text; the rest is not read. */
async function readCapped(res: Response, max: number): Promise<string> {
  if (!res.body) return '';
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let bytes = 0;
  try {
    while (bytes < max) {
      const { done, value } = await reader.read();
      if (done) break;
      const piece = value.byteLength > max - bytes ? value.subarray(0, max - bytes) : value;
      bytes += piece.byteLength;
      text += decoder.decode(piece, { stream: true });
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return text + decoder.decode();
}
