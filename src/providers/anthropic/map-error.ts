import { GatewayError, isRetryableStatus } from '../../errors/gateway-error';
import { answeredMessage, parseErrorBody, typeForStatus } from '../http-error';
import { errorBodySchema } from './wire';
import { ownValue } from '../../core/own-value';

/** Anthropic's error types and the HTTP status each comes with (also used for in-stream errors). */
const STATUS_BY_TYPE: Record<string, number> = {
  invalid_request_error: 400,
  authentication_error: 401,
  billing_error: 402,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  timeout_error: 504,
  overloaded_error: 529,
};

/** An upstream non-2xx answer (`{type:'error', error:{type, message}}`) as a GatewayError with the upstream status. */
export function mapAnthropicError(provider: string, status: number, body: string): GatewayError {
  const detail = parseErrorBody(errorBodySchema, body)?.error;
  return new GatewayError({
    status,
    type: detail?.type ?? typeForStatus(status),
    message: detail?.message ?? answeredMessage(provider, status, body),
    retryable: isRetryableStatus(status),
    provider,
  });
}

/** An `error` stream event: the HTTP status already was 200, so the status comes from the error type. */
export function mapAnthropicStreamError(provider: string, error: { type?: string | undefined; message: string }): GatewayError {
  const status = (error.type && ownValue(STATUS_BY_TYPE, error.type)) || 502;
  return new GatewayError({
    status,
    type: error.type ?? 'upstream_error',
    message: error.message,
    retryable: isRetryableStatus(status),
    provider,
  });
}
