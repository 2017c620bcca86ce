import type { StreamEvent } from '../types/chat';
import type { z } from '../zod';
import { invalidStreamEvent, invalidUpstream } from './upstream-errors';

// Upstream payloads read as their wire types: by the provider's hand check where it has one (the
// common shapes, without zod's cost in workerd, where zod cannot compile its parsers), else by the
// schema, the one definition of valid.

type HandCheck<S extends z.ZodMiniType> = (json: unknown) => z.output<S> | undefined;

/**
 * A whole answer; one that neither takes is a 502 naming the schema's first issue. `what` says what
 * the provider did: "sent a message" reads "sent a message that does not parse: …".
 */
export function readAnswer<S extends z.ZodMiniType>(json: unknown, schema: S, provider: string, what: string, plain?: HandCheck<S>): z.output<S> {
  const fast = plain?.(json);
  if (fast) return fast;
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw invalidUpstream(provider, 'invalid_upstream_response', `${what} that does not parse: ${parsed.error.issues[0]?.message ?? 'unknown'}`);
  return parsed.data;
}

/** One stream payload; when neither takes it the error event that ends the stream goes into `out` and the result is undefined. */
export function readStreamEvent<S extends z.ZodMiniType>(json: unknown, schema: S, provider: string, out: StreamEvent[], plain?: HandCheck<S>): z.output<S> | undefined {
  const fast = plain?.(json);
  if (fast) return fast;
  const parsed = schema.safeParse(json);
  if (parsed.success) return parsed.data;
  out.push(invalidStreamEvent(provider, 'sent a stream event that does not parse'));
  return undefined;
}
