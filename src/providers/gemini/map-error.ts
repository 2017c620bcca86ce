import { GatewayError, isRetryableStatus } from '../../errors/gateway-error';
import { errorBodySchema, type ErrorBodyWire } from './wire';

const TYPE_BY_STATUS: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  429: 'rate_limit_error',
};

/** Google answers a bad key with 400 INVALID_ARGUMENT; its ErrorInfo reason tells it apart. */
const AUTH_REASONS = new Set(['API_KEY_INVALID', 'API_KEY_EXPIRED', 'API_KEY_SERVICE_BLOCKED']);

function fromErrorBody(provider: string, status: number, error: ErrorBodyWire['error']): GatewayError {
  const reason = error.details?.find((d) => d.reason)?.reason ?? undefined;
  const auth = reason !== undefined && AUTH_REASONS.has(reason);
  return new GatewayError({
    status,
    type: auth ? 'authentication_error' : (TYPE_BY_STATUS[status] ?? (status >= 500 ? 'upstream_error' : 'invalid_request_error')),
    code: auth ? 'invalid_api_key' : (reason ?? error.status ?? null),
    message: error.message,
    retryable: isRetryableStatus(status),
    provider,
  });
}

/** An upstream non-2xx answer (`{error: {code, message, status}}`) as a GatewayError with the upstream status. */
export function mapGeminiError(provider: string, status: number, body: string): GatewayError {
  let parsed: ReturnType<typeof errorBodySchema.safeParse> | undefined;
  try {
    parsed = errorBodySchema.safeParse(JSON.parse(body));
  } catch {
    parsed = undefined;
  }
  if (parsed?.success) return fromErrorBody(provider, status, parsed.data.error);
  return new GatewayError({
    status,
    type: TYPE_BY_STATUS[status] ?? (status >= 500 ? 'upstream_error' : 'invalid_request_error'),
    message: `provider "${provider}" answered ${status}: ${body.slice(0, 200)}`,
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

export function invalidUpstream(provider: string, code: string, what: string, cause?: unknown): GatewayError {
  return new GatewayError({ status: 502, type: 'upstream_error', code, message: `provider "${provider}" ${what}`, retryable: true, provider, cause });
}
