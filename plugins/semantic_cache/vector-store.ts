// Where a semantic cache keeps request embeddings: Vectorize in production, D1 where there is no
// Vectorize binding (local dev, tests). Both answer the same question the same way.

export interface VectorMatch {
  id: string;
  /** Cosine similarity, 1 = same direction. */
  score: number;
}

export interface VectorStore {
  /** The stored vector closest to `vector` among those whose metadata equals `filter` exactly. */
  nearest(vector: number[], filter: Record<string, string>): Promise<VectorMatch | undefined>;
  /** Stores (or replaces) `id`; it need not be found after `expiresAt` (ms). */
  upsert(id: string, vector: number[], filter: Record<string, string>, expiresAt: number): Promise<void>;
}

export function cosine(a: readonly number[], b: readonly number[]): number {
  if (a.length !== b.length) return 0;
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}
