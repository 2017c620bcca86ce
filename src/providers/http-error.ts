import type { z } from '../zod';

// Pieces every adapter's mapping of an upstream non-2xx answer shares.

const TYPE_BY_STATUS: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  429: 'rate_limit_error',
};

/** OpenAI's error type for an upstream HTTP status, when the answer did not name one. */
export function typeForStatus(status: number): string {
  return TYPE_BY_STATUS[status] ?? (status >= 500 ? 'upstream_error' : 'invalid_request_error');
}

/** An error answer's body in the provider's own format; undefined when it is not JSON of that shape. */
export function parseErrorBody<S extends z.ZodMiniType>(schema: S, body: string): z.output<S> | undefined {
  try {
    const parsed = schema.safeParse(JSON.parse(body));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** The message for an error answer whose body said nothing usable: the status and the body's start. */
export function answeredMessage(provider: string, status: number, body: string): string {
  return `provider "${provider}" answered ${status}: ${body.slice(0, 200)}`;
}
