import { GatewayError } from '../errors/gateway-error';
import type { StreamEvent } from '../types/chat';

// The errors every adapter raises for a 2xx answer it cannot use. All are retryable 502s: another
// try or a fallback provider may well answer properly.

/** An upstream answer that does not fit (`code` says which kind), worded `provider "<name>" <what>`. */
export function invalidUpstream(provider: string, code: string, what: string, cause?: unknown): GatewayError {
  return new GatewayError({ status: 502, type: 'upstream_error', code, message: `provider "${provider}" ${what}`, retryable: true, provider, cause });
}

/** A stream message that cannot be translated, as the error event that ends the stream. */
export function invalidStreamEvent(provider: string, what: string): StreamEvent {
  return { type: 'error', error: invalidUpstream(provider, 'invalid_upstream_stream', what) };
}

/** A provider that did not answer within its request timeout: a retryable 504. */
export function upstreamTimeout(provider: { name: string; timeoutMs: number }, cause?: unknown): GatewayError {
  return new GatewayError({ status: 504, type: 'upstream_error', code: 'upstream_timeout', message: `provider "${provider.name}" did not answer within ${provider.timeoutMs} ms`, retryable: true, provider: provider.name, cause });
}

/** A 2xx streaming answer without a body. */
export function emptyStream(provider: string): GatewayError {
  return new GatewayError({ status: 502, type: 'upstream_error', message: `provider "${provider}" sent an empty stream`, retryable: true, provider });
}
