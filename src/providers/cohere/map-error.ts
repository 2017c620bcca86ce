import { GatewayError, isRetryableStatus } from '../../errors/gateway-error';
import { answeredMessage, parseErrorBody, typeForStatus } from '../http-error';
import { errorBodySchema } from './wire';

/** Where Cohere's statuses mean more than the common mapping says. */
const COHERE_TYPE_BY_STATUS: Record<number, string> = {
  402: 'permission_error',
  // Cohere's own statuses: 498 an invalid token, 499 a request cancelled upstream.
  498: 'authentication_error',
  499: 'upstream_error',
};

/** An upstream non-2xx answer (`{ id?, message }`) as a GatewayError with the upstream status. */
export function mapCohereError(provider: string, status: number, body: string): GatewayError {
  const message = parseErrorBody(errorBodySchema, body)?.message;
  return new GatewayError({
    status,
    type: COHERE_TYPE_BY_STATUS[status] ?? typeForStatus(status),
    message: message ?? answeredMessage(provider, status, body),
    retryable: isRetryableStatus(status),
    provider,
  });
}
