import type { Context } from 'hono';
import type { z } from '../zod';
import { formatIssues } from '../config/format-issues';
import { GatewayError } from '../errors/gateway-error';

/** A JSON body checked against `schema`: malformed JSON and wrong fields are 400s naming the field. */
export async function readJson<S extends z.ZodMiniType>(c: Context, schema: S): Promise<z.output<S>> {
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw GatewayError.invalidRequest('request body is not valid JSON', 'invalid_json');
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw GatewayError.invalidRequest(formatIssues(parsed.error.issues, body), 'invalid_value', issue.path.join('.') || null);
  }
  return parsed.data;
}
