-- The semantic cache's vectors where no Vectorize index is bound (local dev, tests). `scope` is the
-- canonical JSON of the lookup filter (cache key + parameters hash); answers live in KV.
CREATE TABLE semantic_cache_vectors (
  id         TEXT PRIMARY KEY,
  scope      TEXT NOT NULL,
  vector     TEXT NOT NULL,   -- JSON array of numbers
  expires_at INTEGER NOT NULL -- ms since the epoch
);
CREATE INDEX semantic_cache_vectors_scope ON semantic_cache_vectors (scope, expires_at);
CREATE INDEX semantic_cache_vectors_expiry ON semantic_cache_vectors (expires_at);
