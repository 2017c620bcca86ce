import type { KeyLimits, LedgerState } from './usage-ledger';
import type { VirtualKey } from './virtual-key-rows';

export const limitsOf = (k: VirtualKey): KeyLimits => ({
  budget_max_usd: k.budget_max_usd,
  budget_reset: k.budget_reset,
  token_max: k.token_max,
  token_window: k.token_window,
  request_max: k.request_max,
  request_window: k.request_window,
});

export const hasLimits = (l: KeyLimits): boolean => l.budget_max_usd !== null || l.token_max !== null || l.request_max !== null;

/** How much of each limit is used, in percent; null where the key has no such limit. */
export interface UsagePercent {
  budget: number | null;
  tokens: number | null;
  requests: number | null;
}

export function usagePercent(limits: KeyLimits, state: LedgerState): UsagePercent {
  const pct = (used: number, max: number | null) => (max === null ? null : (used / max) * 100);
  return { budget: pct(state.budget.used, limits.budget_max_usd), tokens: pct(state.tokens.used, limits.token_max), requests: pct(state.requests.used, limits.request_max) };
}
