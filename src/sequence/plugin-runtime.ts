import type { GatewayServices, PluginDefinition } from '../pipeline/define-plugin';
import { type PluginInitFailure, PluginSet } from '../pipeline/plugin-set';
import { listPluginRows, type PluginRow, type PluginRowInput, readGeneration, syncFileEntries } from '../storage/plugin-rows';
import { type PluginToggle, readToggles } from '../storage/plugin-toggles';
import { resolveSpecs } from './resolve-specs';
import type { SequenceEntry } from './sequence-entry';
import type { WasmCatalog } from '../wasm/bundle';

export interface PluginRuntimeOptions {
  fileEntries: readonly SequenceEntry[];
  catalog: readonly PluginDefinition[];
  /** Bundled `.wasm` files, for entries that name one by `path` (the API can add those). */
  wasm?: WasmCatalog;
  /**
   * What built-ins are configured with: the config's `client` block, plus the top-level section
   * named after the built-in (Bifrost's `governance: {...}`) where there is one.
   */
  builtinConfig: (name: string) => unknown;
  hookTimeoutMs: number;
  /** How long an isolate trusts its snapshot before asking D1 and KV whether it changed. */
  refreshIntervalMs: number;
  services: GatewayServices;
}

export interface PluginSnapshot {
  set: PluginSet;
  /** Entries that could not run: not bundled, invalid config, or init failed. */
  problems: readonly PluginInitFailure[];
  /** Which toggles were in force when this snapshot was built. */
  toggles: ReadonlyMap<string, PluginToggle>;
}

/**
 * The isolate's plugin set, kept in step with D1 (the sequence) and KV (toggles). With no D1
 * binding the config file alone decides. Every refresh is one D1 read of the generation and one bulk
 * KV read; the set is rebuilt only when either changed, reusing instances whose settings did not.
 */
export class PluginRuntime {
  private current: (PluginSnapshot & { fingerprint: string }) | undefined;
  private checkedAt = Number.NEGATIVE_INFINITY;
  private refreshing: Promise<void> | undefined;
  private synced: Promise<void> | undefined;

  constructor(private readonly options: PluginRuntimeOptions) {}

  /** The current snapshot, held for one request: call `release` when the request is done. */
  async acquire(env: Cloudflare.Env): Promise<PluginSnapshot & { release: () => void }> {
    await this.refreshIfStale(env);
    const snapshot = this.current!;
    return { ...snapshot, release: snapshot.set.acquire() };
  }

  /** The next request re-reads D1 and KV (used after a write through the management API). */
  invalidate(): void {
    this.checkedAt = Number.NEGATIVE_INFINITY;
  }

  private async refreshIfStale(env: Cloudflare.Env): Promise<void> {
    if (this.current && Date.now() - this.checkedAt < this.options.refreshIntervalMs) return;
    // Single flight: concurrent requests of one isolate share one refresh.
    this.refreshing ??= this.refresh(env).finally(() => (this.refreshing = undefined));
    await this.refreshing;
  }

  private async refresh(env: Cloudflare.Env): Promise<void> {
    const started = Date.now();
    const { entries, toggles, generation } = await this.readState(env);
    const fingerprint = `${generation}|${JSON.stringify([...toggles].sort(([a], [b]) => (a < b ? -1 : 1)))}`;
    if (this.current?.fingerprint !== fingerprint) {
      const { specs, problems } = resolveSpecs(withBuiltins(entries, this.options), toggles, this.options.catalog, this.options.hookTimeoutMs, this.options.wasm);
      const previous = this.current?.set;
      const set = await PluginSet.build(specs, env, this.options.services, previous);
      this.current = { set, problems: [...problems, ...set.initFailures], toggles, fingerprint };
      previous?.retire(set);
    }
    this.checkedAt = started;
  }

  private rows: SequenceEntry[] = [];
  private rowsGeneration = -1;

  private async readState(env: Cloudflare.Env): Promise<{ entries: readonly SequenceEntry[]; toggles: Map<string, PluginToggle>; generation: number }> {
    const names = this.options.catalog.map((d) => d.name);
    const toggles = env.KV ? await readToggles(env.KV, names) : new Map<string, PluginToggle>();
    if (!env.DB) return { entries: this.options.fileEntries, toggles, generation: 0 };
    const db = env.DB;
    try {
      this.synced ??= syncFileEntries(db, this.options.fileEntries.map((e) => toRowInput(e, this.options.catalog))).then(() => undefined);
      await this.synced;
      const generation = await readGeneration(db);
      if (generation !== this.rowsGeneration) {
        this.rows = (await listPluginRows(db)).map(rowToEntry);
        this.rowsGeneration = generation;
      }
      // WASM plugins added through the API are not in the catalog: read their toggles too.
      const unlisted = this.rows.filter((r) => r.path !== undefined && !names.includes(r.name)).map((r) => r.name);
      if (env.KV && unlisted.length > 0) for (const [name, toggle] of await readToggles(env.KV, unlisted)) toggles.set(name, toggle);
      return { entries: this.rows, toggles, generation };
    } catch (err) {
      // A D1 that cannot be read (migrations not applied, an outage) must not take the gateway
      // down: serve the config file's sequence and try again at the next refresh.
      this.synced = undefined;
      console.error(JSON.stringify({ level: 'error', msg: 'plugin sequence unreadable from D1; using the config file', error: String(err) }));
      return { entries: this.options.fileEntries, toggles, generation: -1 };
    }
  }
}

function rowToEntry(r: PluginRow): SequenceEntry {
  return { name: r.name, enabled: r.enabled, placement: r.placement, order: r.order, config: r.config, version: r.version, failClosed: r.fail_closed, path: r.path };
}

function toRowInput(entry: SequenceEntry, catalog: readonly PluginDefinition[]): PluginRowInput {
  const builtin = catalog.find((d) => d.name === entry.name)?.builtin;
  return {
    name: entry.name,
    enabled: entry.enabled,
    placement: entry.placement,
    order: entry.order,
    config: entry.config,
    version: entry.version,
    is_custom: !builtin,
    fail_closed: entry.failClosed,
    path: entry.path,
  };
}

/**
 * Built-ins are always on (Bifrost's auto-loaded plugins): one that no entry names runs with the
 * `client` block as its config; an entry may replace the config, not switch it off.
 */
function withBuiltins(entries: readonly SequenceEntry[], options: PluginRuntimeOptions): SequenceEntry[] {
  const named = new Map(entries.map((e) => [e.name, e]));
  const builtins = options.catalog.filter((d) => d.builtin);
  return [
    ...builtins.map((d) => ({
      name: d.name,
      enabled: true,
      placement: 'builtin' as const,
      order: d.builtin!.position,
      config: named.get(d.name)?.config ?? options.builtinConfig(d.name),
      version: 0,
    })),
    ...entries.filter((e) => !builtins.some((d) => d.name === e.name)),
  ];
}
