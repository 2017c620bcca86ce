import type { KeyLimits } from './usage-ledger';
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
