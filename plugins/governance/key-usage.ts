import { limitsOf, type UsagePercent, usagePercent } from './limits';
import type { KeyLimits, LedgerState } from './usage-ledger';
import type { VirtualKey } from './virtual-key-rows';

export interface KeyUsage {
  id: string;
  limits: KeyLimits;
  /** Null without a USAGE binding (no ledger to ask). */
  usage: LedgerState | null;
  percent: UsagePercent | null;
}

/** A key's usage against its budget and limits, from its ledger. */
export async function keyUsage(env: Cloudflare.Env, key: VirtualKey): Promise<KeyUsage> {
  const limits = limitsOf(key);
  const ledger = env.USAGE?.get(env.USAGE.idFromName(key.id));
  const usage = ledger ? await ledger.usage(limits) : null;
  return { id: key.id, limits, usage, percent: usage ? usagePercent(limits, usage) : null };
}
