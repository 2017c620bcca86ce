import { canonicalJson } from '../../src/config/canonical-json';
import { cosine, type VectorMatch, type VectorStore } from './vector-store';

/** How many live vectors of one filter scope a lookup compares, newest first. */
const SCAN_LIMIT = 1000;

/**
 * A brute-force vector store in D1 (migration 0006) for where Vectorize is absent: local dev and
 * tests. Vectors sharing a filter share a scope row key, so a lookup reads only its own scope.
 */
export function d1VectorStore(db: D1Database): VectorStore {
  return {
    async nearest(vector, filter): Promise<VectorMatch | undefined> {
      const { results } = await db
        .prepare('SELECT id, vector FROM semantic_cache_vectors WHERE scope = ? AND expires_at > ? ORDER BY expires_at DESC LIMIT ?')
        .bind(canonicalJson(filter), Date.now(), SCAN_LIMIT)
        .all<{ id: string; vector: string }>();
      let best: VectorMatch | undefined;
      for (const row of results) {
        const score = cosine(vector, JSON.parse(row.vector) as number[]);
        if (!best || score > best.score) best = { id: row.id, score };
      }
      return best;
    },
    // Each write also drops the expired rows, so the table holds only live entries.
    async upsert(id, vector, filter, expiresAt) {
      await db.batch([
        db
          .prepare('INSERT INTO semantic_cache_vectors (id, scope, vector, expires_at) VALUES (?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET scope = excluded.scope, vector = excluded.vector, expires_at = excluded.expires_at')
          .bind(id, canonicalJson(filter), JSON.stringify(vector), expiresAt),
        db.prepare('DELETE FROM semantic_cache_vectors WHERE expires_at <= ?').bind(Date.now()),
      ]);
    },
  };
}
