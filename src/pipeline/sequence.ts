import type { Placement } from './define-plugin';

const GROUP_RANK: Record<Placement, number> = { pre_builtin: 0, builtin: 1, post_builtin: 2 };

export interface Sequenced {
  placement: Placement;
  order: number;
}

/** Groups run pre_builtin → builtin → post_builtin; lower `order` first; ties keep input order. */
export function sortSequence<T extends Sequenced>(entries: readonly T[]): T[] {
  // Array.prototype.sort is stable, so equal keys keep registration order.
  return [...entries].sort((a, b) => GROUP_RANK[a.placement] - GROUP_RANK[b.placement] || a.order - b.order);
}
