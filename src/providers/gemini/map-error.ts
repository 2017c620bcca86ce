import { GatewayError, isRetryableStatus } from '../../errors/gateway-error';
import { answeredMessage, parseErrorBody, typeForStatus } from '../http-error';
import { errorBodySchema, type ErrorBodyWire } from './wire';

/** Google answers a bad key with 400 INVALID_ARGUMENT; its ErrorInfo reason tells it apart. */
const AUTH_REASONS = new Set(['API_KEY_INVALID', 'API_KEY_EXPIRED', 'API_KEY_SERVICE_BLOCKED']);

function fromErrorBody(provider: string, status: number, error: ErrorBodyWire['error']): GatewayError {
  const reason = error.details?.find((d) => d.reason)?.reason ?? undefined;
  const auth = reason !== undefined && AUTH_REASONS.has(reason);
  return new GatewayError({
    status,
    type: auth ? 'authentication_error' : typeForStatus(status),
    code: auth ? 'invalid_api_key' : (reason ?? error.status ?? null),
    message: error.message,
    retryable: isRetryableStatus(status),
    provider,
  });
}

/** An upstream non-2xx answer (`{error: {code, message, status}}`) as a GatewayError with the upstream status. */
export function mapGeminiError(provider: string, status: number, body: string): GatewayError {
  const parsed = parseErrorBody(errorBodySchema, body);
  if (parsed) return fromErrorBody(provider, status, parsed.error);
  return new GatewayError({
    status,
    type: typeForStatus(status),
    message: answeredMessage(provider, status, body),
    retryable: isRetryableStatus(status),
    provider,
  });
}

/** An error object sent inside a 200 stream: its own code is the best status there is. */
export function mapGeminiStreamError(provider: string, error: ErrorBodyWire['error']): GatewayError {
  const status = error.code != null && error.code >= 400 && error.code < 600 ? error.code : 502;
  return fromErrorBody(provider, status, error);
}

/**
 * A prompt Gemini refused to answer at all (`promptFeedback.blockReason`, no candidates). An error,
 * not an empty completion: the client asked for something this provider will not do.
 */
export function contentBlockedError(provider: string, blockReason: string, detail?: string | null): GatewayError {
  return new GatewayError({
    status: 400,
    type: 'invalid_request_error',
    code: 'content_blocked',
    message: `provider "${provider}" blocked the prompt (${blockReason})${detail ? `: ${detail}` : ''}`,
    provider,
  });
}
