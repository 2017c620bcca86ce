import type { StreamEvent } from '../types/chat';
import type { z } from '../zod';
import { invalidStreamEvent } from './upstream-errors';

/**
 * One stream message's payload as JSON. When it is not JSON, the error event that ends the stream
 * goes into `out` and the result is undefined (which `JSON.parse` itself never returns).
 */
export function parseStreamJson(data: string, provider: string, out: StreamEvent[]): unknown {
  try {
    return JSON.parse(data);
  } catch {
    out.push(invalidStreamEvent(provider, 'sent a stream event that is not JSON'));
    return undefined;
  }
}

/**
 * One stream payload as its wire type: by the provider's hand check when that takes it (the common
 * events, without zod's cost in workerd), else by its schema, the one definition of valid. When
 * neither takes it the error event that ends the stream goes into `out` and the result is undefined.
 */
export function readStreamEvent<S extends z.ZodMiniType>(json: unknown, plain: (json: unknown) => z.output<S> | undefined, schema: S, provider: string, out: StreamEvent[]): z.output<S> | undefined {
  const fast = plain(json);
  if (fast) return fast;
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  out.push(invalidStreamEvent(provider, 'sent a stream event that does not parse'));
  return undefined;
}
