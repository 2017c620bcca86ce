import type { ChatResponse, StreamEvent } from '../../src/types/chat';

/** A whole response, or a stream's events in order (never an error: errors are not cached). */
export type CachedAnswer = { kind: 'response'; response: ChatResponse } | { kind: 'stream'; events: StreamEvent[] };

export interface CacheEntry {
  answer: CachedAnswer;
  provider: string;
  model: string;
  expires_at: number;
}

/** KV will not keep a value for less than a minute; shorter TTLs are enforced by `expires_at`. */
const KV_MIN_TTL_SECONDS = 60;
const kvKey = (id: string) => `semantic_cache:${id}`;

/** Answers in KV, with their own expiry so TTLs under KV's minimum still hold. */
export function cachedAnswers(kv: KVNamespace) {
  return {
    async read(id: string): Promise<CacheEntry | undefined> {
      const entry = await kv.get<CacheEntry>(kvKey(id), 'json');
      return entry && entry.expires_at > Date.now() ? entry : undefined;
    },
    write(id: string, entry: CacheEntry, ttlSeconds: number): Promise<void> {
      return kv.put(kvKey(id), JSON.stringify(entry), { expirationTtl: Math.max(KV_MIN_TTL_SECONDS, Math.ceil(ttlSeconds)) });
    },
  };
}
