import { limitsOf, type UsagePercent, usagePercent } from './limits';
import type { KeyLimits, LedgerState } from './usage-ledger';
import { type BudgetScope, budgetScopesOf, type VirtualKey } from './virtual-key-rows';

export interface ScopeUsage {
  id: string;
  limits: KeyLimits;
  /** Null without a USAGE binding (no ledger to ask). */
  usage: LedgerState | null;
  percent: UsagePercent | null;
}

export interface KeyUsage extends ScopeUsage {
  /** The team's and customer's budgets this key's spend also counts against. */
  scopes: (ScopeUsage & { kind: BudgetScope['kind'] })[];
}

async function usageOf(env: Cloudflare.Env, ledgerName: string, id: string, limits: KeyLimits): Promise<ScopeUsage> {
  const ledger = env.USAGE?.get(env.USAGE.idFromName(ledgerName));
  const usage = ledger ? await ledger.usage(limits) : null;
  return { id, limits, usage, percent: usage ? usagePercent(limits, usage) : null };
}

const budgetLimits = (b: { budget_max_usd: number | null; budget_reset: string | null }): KeyLimits => ({
  budget_max_usd: b.budget_max_usd,
  budget_reset: b.budget_reset,
  token_max: null,
  token_window: null,
  request_max: null,
  request_window: null,
});

/** A team's or customer's spend against its budget, from its ledger (`<kind>:<id>`, as governance names it). */
export function scopeUsage(env: Cloudflare.Env, scope: Omit<BudgetScope, 'budget_max_usd'> & { budget_max_usd: number | null }): Promise<ScopeUsage> {
  return usageOf(env, `${scope.kind}:${scope.id}`, scope.id, budgetLimits(scope));
}

/** A key's usage against its budget and limits, and its team's and customer's against theirs. */
export async function keyUsage(env: Cloudflare.Env, key: VirtualKey): Promise<KeyUsage> {
  const own = await usageOf(env, key.id, key.id, limitsOf(key));
  const scopes = env.DB ? await budgetScopesOf(env.DB, key) : [];
  return { ...own, scopes: await Promise.all(scopes.map(async (s) => ({ kind: s.kind, ...(await scopeUsage(env, s)) }))) };
}
