import { GatewayError, isRetryableStatus } from '../../errors/gateway-error';
import { errorBodySchema } from './wire';

const TYPE_BY_STATUS: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'permission_error',
  403: 'permission_error',
  404: 'not_found_error',
  422: 'invalid_request_error',
  429: 'rate_limit_error',
  // Cohere's own statuses: 498 an invalid token, 499 a request cancelled upstream.
  498: 'authentication_error',
  499: 'upstream_error',
};

/** An upstream non-2xx answer (`{ id?, message }`) as a GatewayError with the upstream status. */
export function mapCohereError(provider: string, status: number, body: string): GatewayError {
  let message: string | undefined;
  try {
    const parsed = errorBodySchema.safeParse(JSON.parse(body));
    if (parsed.success) message = parsed.data.message;
  } catch {
    message = undefined;
  }
  return new GatewayError({
    status,
    type: TYPE_BY_STATUS[status] ?? (status >= 500 ? 'upstream_error' : 'invalid_request_error'),
    message: message ?? `provider "${provider}" answered ${status}: ${body.slice(0, 200)}`,
    retryable: isRetryableStatus(status),
    provider,
  });
}
