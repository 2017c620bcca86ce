import type { FinishReason } from '../types/chat';

/**
 * A provider's finish-reason mapping from its own table: the unified word where the table knows
 * the raw one, `other` otherwise, and the raw word always kept.
 */
export function finishReasonMapper(table: Readonly<Record<string, FinishReason['unified']>>): (raw: string | null | undefined) => FinishReason {
  return (raw) => ({ unified: (raw && table[raw]) || 'other', raw: raw ?? null });
}
