import { formatIssues } from '../config/format-issues';
import type { PluginDefinition } from '../pipeline/define-plugin';
import type { PluginInitFailure, PluginSpec } from '../pipeline/plugin-set';
import type { PluginToggle } from '../storage/plugin-toggles';
import type { SequenceEntry } from './sequence-entry';
import type { WasmCatalog } from '../wasm/bundle';
import * as z from '../zod';

export interface ResolvedSequence {
  specs: PluginSpec[];
  /** Entries that cannot run (not bundled, config invalid); reported, never fatal at run time. */
  problems: PluginInitFailure[];
}

/**
 * Stored entries + KV toggles → what to initialise. A toggle overrides `enabled` and, if it has one,
 * the config; built-ins always take their fixed place whatever the entry says, and ignore toggles.
 */
export function resolveSpecs(
  entries: readonly SequenceEntry[],
  toggles: ReadonlyMap<string, PluginToggle>,
  catalog: readonly PluginDefinition[],
  defaultHookTimeoutMs: number,
  wasm?: WasmCatalog,
): ResolvedSequence {
  const byName = new Map(catalog.map((d) => [d.name, d]));
  const rank = new Map(catalog.map((d, i) => [d.name, i]));
  const specs: PluginSpec[] = [];
  const problems: PluginInitFailure[] = [];
  for (const entry of entries) {
    // A WASM entry is its path's module under the entry's name; the rest are found by name.
    const definition = entry.path !== undefined ? wasm?.definition(entry.name, entry.path) : byName.get(entry.name);
    let toggle = toggles.get(entry.name);
    if (toggle && definition?.builtin) {
      // Built-ins are always on: a KV write (the API refuses one) cannot switch them off or swap their config.
      problems.push({ name: entry.name, message: 'a KV toggle names this built-in and is ignored: built-ins are always on; delete the toggle' });
      toggle = undefined;
    }
    if (!(toggle?.enabled ?? entry.enabled)) continue;
    if (!definition) {
      const message = entry.path !== undefined ? (wasm?.problem(entry.name, entry.path) ?? `path "${entry.path}" names no bundled file`) : `not bundled in this deploy (available: ${[...byName.keys()].join(', ')})`;
      problems.push({ name: entry.name, message });
      continue;
    }
    const parsed = z.safeParse(definition.configSchema, toggle?.config ?? entry.config ?? {});
    if (!parsed.success) {
      problems.push({ name: entry.name, message: `invalid config: ${formatIssues(parsed.error.issues, entry.config)}` });
      continue;
    }
    specs.push({
      definition,
      config: parsed.data,
      placement: definition.builtin ? 'builtin' : entry.placement,
      order: definition.builtin ? definition.builtin.position : entry.order,
      failClosed: entry.failClosed ?? definition.failClosed ?? false,
      hookTimeoutMs: definition.hookTimeoutMs ?? defaultHookTimeoutMs,
      rank: rank.get(entry.name) ?? catalog.length,
    });
  }
  return { specs, problems };
}
