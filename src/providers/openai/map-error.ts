import { GatewayError, isRetryableStatus } from '../../errors/gateway-error';
import { errorBodySchema } from './wire';

const TYPE_BY_STATUS: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  429: 'rate_limit_error',
};

/** An upstream non-2xx answer as an OpenAI-style error carrying the upstream status. */
export function mapOpenAIError(provider: string, status: number, body: string): GatewayError {
  let parsed: ReturnType<typeof errorBodySchema.safeParse> | undefined;
  try {
    parsed = errorBodySchema.safeParse(JSON.parse(body));
  } catch {
    parsed = undefined;
  }
  const upstream = parsed?.success ? parsed.data.error : undefined;
  return new GatewayError({
    status,
    type: upstream?.type ?? TYPE_BY_STATUS[status] ?? (status >= 500 ? 'upstream_error' : 'invalid_request_error'),
    code: upstream?.code == null ? null : String(upstream.code),
    param: upstream?.param ?? null,
    message: upstream?.message ?? `provider "${provider}" answered ${status}: ${body.slice(0, 200)}`,
    retryable: isRetryableStatus(status),
    provider,
  });
}
