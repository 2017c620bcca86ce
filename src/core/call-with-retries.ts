import { GatewayError } from '../errors/gateway-error';
import { selectKey } from '../providers/select-key';
import type { ResolvedProvider, SelectedKey } from '../providers/types';
import type { TryTiming } from '../facts/attempt';
import { randomSpanId } from '../pipeline/trace-context';

export interface RetryEnv {
  env: Cloudflare.Env;
  pinnedKey?: string | undefined;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** Told of every try as it ends (the request's timeline). */
  onTry?: (t: TryTiming) => void;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Exponential backoff with "equal jitter": half fixed, half random, capped. */
export function backoffMs(retry: number, initialMs: number, maxMs: number, random: () => number): number {
  const base = Math.min(maxMs, initialMs * 2 ** retry);
  return base / 2 + (random() * base) / 2;
}

/**
 * One provider call with the provider's retry policy: retryable failures (429, 408, 409, 5xx,
 * network) are tried again after a backoff, other 4xx never; after a 429 the next try prefers a
 * different key. An upstream's `retry-after` replaces the backoff when it fits within
 * `retry_backoff_max`; a longer one moves to another key at once, or ends the tries. The last error
 * is thrown when the tries run out.
 */
export async function callWithRetries<T>(
  provider: ResolvedProvider,
  model: string,
  options: RetryEnv,
  op: (key: SelectedKey | undefined, spanId: string) => Promise<T>,
): Promise<T> {
  const { maxRetries, backoffInitialMs, backoffMaxMs } = provider.retry;
  const random = options.random ?? Math.random;
  const sleep = options.sleep ?? defaultSleep;
  const rateLimited = new Set<string>();
  for (let retry = 0; ; retry++) {
    const key = selectKey(provider, model, options.env, { pinned: options.pinnedKey, exclude: rateLimited, random });
    const start = Date.now();
    const spanId = randomSpanId();
    try {
      const result = await op(key, spanId);
      options.onTry?.({ try: retry, spanId, key: key?.name ?? null, start, end: Date.now(), status: 200, error: null });
      return result;
    } catch (err) {
      const error = GatewayError.from(err, { status: 502, type: 'upstream_error', retryable: true, provider: provider.name });
      options.onTry?.({ try: retry, spanId, key: key?.name ?? null, start, end: Date.now(), status: error.status, error: error.message });
      if (!error.retryable || retry >= maxRetries) throw error;
      if (error.status === 429 && key) rateLimited.add(key.name);
      const askedMs = error.retryAfterSeconds === undefined ? undefined : error.retryAfterSeconds * 1000;
      if (askedMs === undefined) await sleep(backoffMs(retry, backoffInitialMs, backoffMaxMs, random));
      else if (askedMs <= backoffMaxMs) await sleep(askedMs);
      // Asked to wait longer than the policy allows: after a 429 another key may answer now; else fail fast.
      else if (error.status !== 429 || !key || rateLimited.size >= provider.keys.length) throw error;
    }
  }
}
