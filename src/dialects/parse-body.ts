import type { z } from '../zod';
import { formatIssues } from '../config/format-issues';
import { GatewayError } from '../errors/gateway-error';

/**
 * A client's JSON body checked against its dialect's schema: anything but an object, or a field
 * that does not fit, is a 400 naming the field. `hint` may add a sentence for a field's first issue.
 */
export function parseBody<S extends z.ZodMiniType>(schema: S, raw: unknown, hint?: (path: PropertyKey[]) => string): z.output<S> {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw GatewayError.invalidRequest('request body must be a JSON object', 'invalid_body');
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw GatewayError.invalidRequest(formatIssues(parsed.error.issues, raw) + (hint?.(issue.path) ?? ''), 'invalid_value', issue.path.join('.') || null);
  }
  return parsed.data;
}
