import { GatewayError, isRetryableStatus } from '../../errors/gateway-error';
import { answeredMessage, parseErrorBody, typeForStatus } from '../http-error';
import { errorBodySchema } from './wire';
import { ownValue } from '../../core/own-value';

/** AWS's name for the error when the answer did not say (Bedrock Runtime's documented status codes). */
const CODE_BY_STATUS: Record<number, string> = {
  400: 'ValidationException',
  403: 'AccessDeniedException',
  404: 'ResourceNotFoundException',
  408: 'ModelTimeoutException',
  424: 'ModelErrorException',
  429: 'ThrottlingException',
  500: 'InternalServerException',
  503: 'ServiceUnavailableException',
};

// A 403 for a bad signature or key is an authentication problem, not a missing permission.
const AUTHENTICATION_CODES = new Set([
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'IncompleteSignatureException',
  'MissingAuthenticationTokenException',
  'ExpiredTokenException',
]);

/** `ThrottlingException:http://internal…` or `com.amazon.coral.service#ThrottlingException` → `ThrottlingException`. */
const shortCode = (raw: string): string => raw.split(':')[0]!.split('#').at(-1)!;

/**
 * An upstream non-2xx answer as an OpenAI-style error carrying the upstream status. Bedrock names
 * the error in the `x-amzn-errortype` header; pass it when the caller has it.
 */
export function mapBedrockError(provider: string, status: number, body: string, errorTypeHeader?: string | null): GatewayError {
  const wire = parseErrorBody(errorBodySchema, body);
  const named = errorTypeHeader || wire?.__type;
  const code = named ? shortCode(named) : (CODE_BY_STATUS[status] ?? null);
  const type = code && AUTHENTICATION_CODES.has(code) ? 'authentication_error' : typeForStatus(status);
  return new GatewayError({
    status,
    type,
    code,
    message: wire?.message ?? wire?.Message ?? answeredMessage(provider, status, body),
    retryable: isRetryableStatus(status),
    provider,
  });
}

/** ConverseStream's exception frames (`:exception-type`), with the status their HTTP twins carry. */
const STATUS_BY_EXCEPTION: Record<string, number> = {
  validationException: 400,
  throttlingException: 429,
  serviceUnavailableException: 503,
  internalServerException: 500,
  modelStreamErrorException: 500,
};

export function mapStreamException(provider: string, exceptionType: string, message: string | undefined): GatewayError {
  const status = ownValue(STATUS_BY_EXCEPTION, exceptionType) ?? 500;
  return new GatewayError({
    status,
    type: typeForStatus(status),
    code: exceptionType,
    message: message ?? `provider "${provider}" sent a ${exceptionType}`,
    retryable: isRetryableStatus(status),
    provider,
  });
}
