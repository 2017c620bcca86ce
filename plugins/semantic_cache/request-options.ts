import { ttlSeconds } from '../../src/config/duration';
import { GatewayError } from '../../src/errors/gateway-error';
import type { CacheConfig } from './config-schema';

/** Per-request settings from Bifrost's `x-bf-cache-*` headers, over the plugin's config. */
export interface RequestOptions {
  /** Without one the cache is not used at all (Bifrost's most common "no hits" surprise). */
  cacheKey: string | undefined;
  ttlSeconds: number;
  threshold: number;
  /** Which lookups run: both by default (direct first, semantic on a miss). */
  type: 'direct' | 'semantic' | undefined;
  noStore: boolean;
}

const bad = (header: string, value: string, expected: string) =>
  GatewayError.invalidRequest(`header ${header}: "${value}" is not ${expected}`, 'invalid_cache_header', header);

/** The request's cache options, or a 400 naming the header that is wrong. */
export function readOptions(headers: Record<string, string>, config: CacheConfig, semantic: boolean): RequestOptions | GatewayError {
  const key = headers['x-bf-cache-key'] || config.default_cache_key;
  let ttl = config.ttl;
  const ttlHeader = headers['x-bf-cache-ttl'];
  if (ttlHeader !== undefined) {
    const parsed = ttlSeconds(ttlHeader);
    if (parsed === undefined) return bad('x-bf-cache-ttl', ttlHeader, 'seconds or a duration like 30s, 5m, 1h');
    ttl = parsed;
  }
  let threshold = config.threshold;
  const thresholdHeader = headers['x-bf-cache-threshold'];
  if (thresholdHeader !== undefined) {
    threshold = Number(thresholdHeader);
    if (thresholdHeader.trim() === '' || !(threshold >= 0 && threshold <= 1)) return bad('x-bf-cache-threshold', thresholdHeader, 'a number from 0 to 1');
  }
  const type = headers['x-bf-cache-type'];
  if (type !== undefined && type !== 'direct' && type !== 'semantic') return bad('x-bf-cache-type', type, '"direct" or "semantic"');
  if (type === 'semantic' && !semantic) return bad('x-bf-cache-type', type, 'available: the cache runs in exact mode (dimension 1), with no embedding provider');
  const noStore = headers['x-bf-cache-no-store'];
  if (noStore !== undefined && !['true', 'false', '1', '0'].includes(noStore)) return bad('x-bf-cache-no-store', noStore, '"true" or "false"');
  return { cacheKey: key, ttlSeconds: ttl, threshold, type, noStore: noStore === 'true' || noStore === '1' };
}
