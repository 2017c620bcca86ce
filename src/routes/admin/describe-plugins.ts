import type { GatewayRuntime } from '../../gateway-runtime';
import type { Placement } from '../../pipeline/define-plugin';
import { registrationRank, sortSequence } from '../../pipeline/sequence';
import { listPluginRows, type PluginRow } from '../../storage/plugin-rows';
import { type PluginToggle, readToggles } from '../../storage/plugin-toggles';
import { actualNameOf } from '../../wasm/wasm-plugin';

export interface PluginView {
  name: string;
  enabled: boolean;
  placement: Placement;
  order: number;
  version: number;
  config: unknown;
  config_hash: string;
  is_custom: boolean;
  fail_closed: boolean;
  toggle: PluginToggle | null;
  status: 'active' | 'error' | 'disabled';
  last_error: string | null;
  /** The config file's entry for this plugin, if it has one. */
  file_version: number | null;
  /** The file's entry has a higher version: it replaces this row when the next deploy boots. */
  file_overrides: boolean;
  /** A WASM plugin's bundled file; null for TypeScript plugins. */
  path: string | null;
  /** What a running WASM plugin's `get_name()` says (Bifrost's actualName); null otherwise. */
  actual_name: string | null;
  updated_at: string;
}

/** Rows as the API shows them, in the order they run, with what the isolate made of them: status and last error. */
export async function describePlugins(env: Cloudflare.Env, runtime: GatewayRuntime, rows: readonly PluginRow[]): Promise<PluginView[]> {
  const snapshot = await runtime.plugins.acquire(env);
  snapshot.release();
  const toggles = env.KV ? await readToggles(env.KV, rows.map((r) => r.name)) : new Map<string, PluginToggle>();
  const active = new Map(snapshot.set.plugins.map((p) => [p.name, p]));
  const problems = new Map(snapshot.problems.map((p) => [p.name, p.message]));
  const fileVersions = new Map(runtime.loaded.fileEntries.map((e) => [e.name, e.version]));
  const views = rows.map((row): PluginView => {
    const running = active.get(row.name);
    const definition = runtime.catalog.find((d) => d.name === row.name);
    const fileVersion = fileVersions.get(row.name) ?? null;
    return {
      name: row.name,
      enabled: row.enabled,
      // Built-ins report where they really run, whatever the row says.
      placement: running?.placement ?? (definition?.builtin ? 'builtin' : row.placement),
      order: running?.order ?? definition?.builtin?.position ?? row.order,
      version: row.version,
      config: row.config,
      config_hash: row.config_hash,
      is_custom: row.is_custom,
      fail_closed: row.fail_closed ?? definition?.failClosed ?? false,
      toggle: toggles.get(row.name) ?? null,
      status: running ? 'active' : problems.has(row.name) ? 'error' : 'disabled',
      last_error: problems.get(row.name) ?? null,
      file_version: fileVersion,
      file_overrides: fileVersion !== null && fileVersion > row.version,
      path: row.path ?? null,
      actual_name: (running && actualNameOf(running.hooks)) ?? null,
      updated_at: row.updated_at,
    };
  });
  return sortSequence(views, registrationRank(runtime.catalog.map((d) => d.name)));
}

/** The stored rows, after this isolate's startup sync has written the config file's entries. */
export async function syncedPluginRows(env: Cloudflare.Env & { DB: D1Database }, runtime: GatewayRuntime): Promise<PluginRow[]> {
  (await runtime.plugins.acquire(env)).release();
  return listPluginRows(env.DB);
}

/**
 * Every plugin the UI shows: the stored rows, plus the built-ins that run without one (they are
 * always on, configured from the config's `client` block).
 */
export async function describeAllPlugins(env: Cloudflare.Env & { DB: D1Database }, runtime: GatewayRuntime): Promise<PluginView[]> {
  const rows = await syncedPluginRows(env, runtime);
  const stored = new Set(rows.map((r) => r.name));
  const implicit: PluginRow[] = runtime.catalog
    .filter((d) => d.builtin && !stored.has(d.name))
    .map((d) => ({ name: d.name, enabled: true, placement: 'builtin', order: d.builtin!.position, config: {}, version: 0, config_hash: '', is_custom: false, fail_closed: undefined, path: undefined, updated_at: '' }));
  return describePlugins(env, runtime, [...rows, ...implicit]);
}
