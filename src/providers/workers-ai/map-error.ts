import { GatewayError, isRetryableStatus } from '../../errors/gateway-error';
import { parseErrorBody, typeForStatus } from '../http-error';
import { mapOpenAIError } from '../openai/map-error';
import { apiErrorSchema } from './wire';
import { ownValue } from '../../core/own-value';

// Workers AI's internal error codes and their HTTP statuses
// (developers.cloudflare.com/workers-ai/platform/errors); binding errors carry only the code.
const STATUS_BY_CODE: Record<string, number> = {
  '5007': 400,
  '5004': 400,
  '5006': 400,
  '3010': 400,
  '3039': 400,
  '3003': 400,
  '5018': 403,
  '5016': 403,
  '3023': 403,
  '3041': 403,
  '5019': 405,
  '5005': 405,
  '3042': 404,
  '3006': 413,
  '3007': 408,
  '3008': 408,
  '3036': 429,
  '3040': 429,
};

// A 408 counts as upstream's failure, not a mistake in the request.
const typeFor = (status: number) => (status === 408 ? 'upstream_error' : typeForStatus(status));

/** An HTTP error from the REST API: Cloudflare's `{ errors: [{ code, message }] }` envelope, else OpenAI's body. */
export function mapWorkersAIError(provider: string, status: number, body: string): GatewayError {
  const parsed = parseErrorBody(apiErrorSchema, body);
  if (!parsed) return mapOpenAIError(provider, status, body);
  const first = parsed.errors[0]!;
  return new GatewayError({
    status,
    type: typeFor(status),
    code: first.code === undefined ? null : String(first.code),
    message: parsed.errors.map((e) => e.message).join('; '),
    retryable: isRetryableStatus(status),
    provider,
  });
}

/** What `AI.run` threw (e.g. `AiError: 3036: You have used up your daily free allocation…`). */
export function mapWorkersAIBindingError(provider: string, err: unknown): GatewayError {
  if (err instanceof GatewayError) return err;
  const message = err instanceof Error ? err.message : String(err);
  const code = /\b(\d{4}):/.exec(message)?.[1];
  const status = (code && ownValue(STATUS_BY_CODE, code)) || 502;
  return new GatewayError({
    status,
    type: typeFor(status),
    code: code ?? null,
    message,
    retryable: isRetryableStatus(status),
    provider,
    cause: err,
  });
}
