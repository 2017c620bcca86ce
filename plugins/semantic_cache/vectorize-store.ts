import type { VectorMatch, VectorStore } from './vector-store';

/**
 * A Vectorize index (metric `cosine`). Filtering needs a metadata index per filter property, created
 * with `wrangler vectorize create-metadata-index` (see the README). Vectorize does not expire
 * vectors: a match whose cached answer expired is a miss, and the next store replaces it.
 */
export function vectorizeStore(index: VectorizeIndex): VectorStore {
  return {
    async nearest(vector, filter): Promise<VectorMatch | undefined> {
      const { matches } = await index.query(vector, { topK: 1, filter, returnValues: false, returnMetadata: 'none' });
      const best = matches[0];
      return best ? { id: best.id, score: best.score } : undefined;
    },
    async upsert(id, vector, filter) {
      await index.upsert([{ id, values: vector, metadata: filter }]);
    },
  };
}
