import { GatewayError, isRetryableStatus } from '../../errors/gateway-error';
import { mapOpenAIError } from '../openai/map-error';
import { apiErrorSchema } from './wire';

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

const TYPE_BY_STATUS: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  405: 'invalid_request_error',
  413: 'invalid_request_error',
  429: 'rate_limit_error',
};

const typeFor = (status: number) => TYPE_BY_STATUS[status] ?? (status >= 500 || status === 408 ? 'upstream_error' : 'invalid_request_error');

/** An HTTP error from the REST API: Cloudflare's `{ errors: [{ code, message }] }` envelope, else OpenAI's body. */
export function mapWorkersAIError(provider: string, status: number, body: string): GatewayError {
  let parsed: ReturnType<typeof apiErrorSchema.safeParse> | undefined;
  try {
    parsed = apiErrorSchema.safeParse(JSON.parse(body));
  } catch {
    parsed = undefined;
  }
  if (!parsed?.success) return mapOpenAIError(provider, status, body);
  const first = parsed.data.errors[0]!;
  return new GatewayError({
    status,
    type: typeFor(status),
    code: first.code === undefined ? null : String(first.code),
    message: parsed.data.errors.map((e) => e.message).join('; '),
    retryable: isRetryableStatus(status),
    provider,
  });
}

/** What `AI.run` threw (e.g. `AiError: 3036: You have used up your daily free allocation…`). */
export function mapWorkersAIBindingError(provider: string, err: unknown): GatewayError {
  if (err instanceof GatewayError) return err;
  const message = err instanceof Error ? err.message : String(err);
  const code = /\b(\d{4}):/.exec(message)?.[1];
  const status = (code && STATUS_BY_CODE[code]) || 502;
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
