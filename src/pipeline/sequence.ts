import type { Placement } from './define-plugin';

const GROUP_RANK: Record<Placement, number> = { pre_builtin: 0, builtin: 1, post_builtin: 2 };

export interface Sequenced {
  placement: Placement;
  order: number;
}

/**
 * Groups run pre_builtin → builtin → post_builtin; lower `order` first; ties by registration order
 * (`rank`: the plugin's place in `plugins/index.ts`), never by where the entries were read from
 * (D1 lists its rows by name). Entries of equal rank keep their input order.
 */
export function sortSequence<T extends Sequenced>(entries: readonly T[], rank: (entry: T) => number): T[] {
  return [...entries].sort((a, b) => GROUP_RANK[a.placement] - GROUP_RANK[b.placement] || a.order - b.order || rank(a) - rank(b));
}

/** A rank function from the bundle's plugin names, in registration order; unknown names go last. */
export function registrationRank(names: readonly string[]): (entry: { name: string }) => number {
  const index = new Map(names.map((n, i) => [n, i]));
  return (entry) => index.get(entry.name) ?? names.length;
}
