import { GatewayError, isRetryableStatus } from '../../errors/gateway-error';
import { answeredMessage, parseErrorBody, typeForStatus } from '../http-error';
import { errorBodySchema } from './wire';

/** An upstream non-2xx answer as an OpenAI-style error carrying the upstream status. */
export function mapOpenAIError(provider: string, status: number, body: string): GatewayError {
  const upstream = parseErrorBody(errorBodySchema, body)?.error;
  return new GatewayError({
    status,
    type: upstream?.type ?? typeForStatus(status),
    code: upstream?.code == null ? null : String(upstream.code),
    param: upstream?.param ?? null,
    message: upstream?.message ?? answeredMessage(provider, status, body),
    retryable: isRetryableStatus(status),
    provider,
  });
}
