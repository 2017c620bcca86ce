import { sha256Hex } from '../../src/config/sha256-hex';
import { type BudgetScope, budgetScopesOf, findKeyByHash, readGovernanceGeneration, type VirtualKey } from './virtual-key-rows';

/** A key as governance enforces it: its settings and the budgets of its team and customer. */
export type GovernedKey = VirtualKey & { scopes: BudgetScope[] };

/**
 * Virtual keys by hash, cached in the isolate: steady-state requests make no D1 round trip. At most
 * every `refreshMs` one cheap read of the generation counter tells whether any key changed.
 */
export class VirtualKeyCache {
  private readonly byHash = new Map<string, GovernedKey | null>();
  private generation = -1;
  private checkedAt = Number.NEGATIVE_INFINITY;

  constructor(private readonly refreshMs: number) {}

  invalidate(): void {
    this.checkedAt = Number.NEGATIVE_INFINITY;
  }

  async lookup(db: D1Database, plaintext: string): Promise<GovernedKey | undefined> {
    if (Date.now() - this.checkedAt >= this.refreshMs) {
      const generation = await readGovernanceGeneration(db);
      if (generation !== this.generation) this.byHash.clear();
      this.generation = generation;
      this.checkedAt = Date.now();
    }
    const hash = await sha256Hex(plaintext);
    if (!this.byHash.has(hash)) {
      const key = await findKeyByHash(db, hash);
      this.byHash.set(hash, key ? { ...key, scopes: await budgetScopesOf(db, key) } : null);
    }
    return this.byHash.get(hash) ?? undefined;
  }
}

/** One cache per isolate, shared by the governance plugin and the API that invalidates it. */
export const virtualKeys = new VirtualKeyCache(1000);
