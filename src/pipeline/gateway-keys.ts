import { contextKey } from './context-key';
import type { TimelineView } from './timeline';
import type { TraceContext } from './trace-context';

/** A hook failure the runner isolated: what plugins and logs can read back from the context. */
export interface PluginFailure {
  plugin: string;
  hook: string;
  message: string;
  timedOut: boolean;
}

/** Values the gateway writes into every request's context. Plugins may read them, never write them. */
export const GatewayKeys = {
  pluginFailures: contextKey<readonly PluginFailure[]>('heimdall.plugin_failures'),
  requestedModel: contextKey<string>('heimdall.requested_model'),
  virtualKey: contextKey<string>('heimdall.virtual_key'),
  /** Hooks, attempts (with their facts) and upstream tries of this request so far. */
  timeline: contextKey<TimelineView>('heimdall.timeline'),
  /** The request's W3C trace (ids tracing plugins export; upstream calls carry it). */
  trace: contextKey<TraceContext>('heimdall.trace'),
} as const;

/** A response served from a cache instead of a provider (set by `semantic_cache`). */
export interface CacheHit {
  type: 'direct' | 'semantic';
  /** The entry's id in the cache. */
  id: string;
  /** Semantic hits: the cosine similarity to the stored request. */
  similarity?: number;
}

/**
 * Keys plugins share by convention. Unlike GatewayKeys any plugin may write them: a cache plugin
 * that answers an attempt sets `cacheHit`, and the gateway records it in that attempt's facts
 * (`Attempt.cacheHit`), so metrics count a cache hit and logs show one.
 */
export const SharedKeys = {
  cacheHit: contextKey<CacheHit>('cache.hit'),
} as const;
