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

/** How long a refresh may run before another request stops counting on it (its request may have been cancelled). */
const REFRESH_GIVE_UP_MS = 10_000;

/**
 * The isolate's plugin set, kept in step with D1 (the sequence) and KV (toggles). With no D1
 * binding the config file alone decides. Every refresh is one D1 read of the generation and one bulk
 * KV read; the set is rebuilt only when either changed, reusing instances whose settings did not.
 *
 * No request ever waits on another request's refresh: workerd runs what follows an awaited promise
 * in the I/O context of the request whose I/O resolved it, so a request that continued on a shared
 * refresh could not read its own body ("Cannot perform I/O on behalf of a different request") and
 * its own I/O would be charged to a request that may have ended (cancelled as hung: seen as 500s
 * at 32 concurrent requests). The request that finds the snapshot stale refreshes it with its own
 * reads; requests arriving meanwhile use the snapshot in hand. A client request does not wait for
 * it either while the snapshot in hand is younger than twice the interval: it is served that one,
 * and runs the refresh after its response, in its `waitUntil`, where the reads and any rebuild take
 * no CPU from the answer (before, one request per interval carried a KV and a D1 read and the
 * rebuild: 7-11 ms against 4 ms for the first request of a block, the p99 of a sequential run).
 * So a change is in force for every request that starts two intervals after it, and under steady
 * traffic within about one. A request waits where there is no snapshot it may serve: an isolate's first requests
 * (each reading for itself), one older than that, and after `invalidate()`, so a write through the
 * management API is seen by the next request.
 */
export class PluginRuntime {
  private current: (PluginSnapshot & { fingerprint: string }) | undefined;
  /** When the state `current` reflects was read (the start of the refresh that installed it). */
  private checkedAt = Number.NEGATIVE_INFINITY;
  /** The refresh in flight, if one is: its number and when it started. */
  private inFlight: { seq: number; since: number } | undefined;
  /** Refreshes started and the newest installed: a slower, older one never replaces a newer snapshot. */
  private started = 0;
  private installed = 0;
  /** Refreshes numbered below this one read the state before the last `invalidate()`. */
  private freshFrom = 0;
  private synced = false;

  constructor(private readonly options: PluginRuntimeOptions) {}

  /**
   * The current snapshot, held for one request: call `release` when the request is done. With
   * `background`, a snapshot younger than two intervals is served and the refresh is handed over
   * to be started later (after the response, in the request's `waitUntil`); without, the request
   * waits for the state it asks about.
   */
  async acquire(env: Cloudflare.Env, background?: (startRefresh: () => Promise<void>) => void): Promise<PluginSnapshot & { release: () => void }> {
    if (this.mustRefresh()) {
      const servable = this.current && this.installed >= this.freshFrom && Date.now() - this.checkedAt < 2 * this.options.refreshIntervalMs;
      const seq = this.begin();
      if (background && servable) background(() => this.refresh(env, seq).catch((err) => this.refreshFailed(seq, err)));
      else await this.refresh(env, seq);
    }
    const snapshot = this.current!;
    return { ...snapshot, release: snapshot.set.acquire() };
  }

  /** The next request re-reads D1 and KV, and waits for them (used after a write through the management API). */
  invalidate(): void {
    this.checkedAt = Number.NEGATIVE_INFINITY;
    // A refresh in flight may have read the state before the write: it no longer stands for it.
    this.inFlight = undefined;
    this.freshFrom = this.started + 1;
  }

  /**
   * A refresh no request waited for failed: the snapshot in hand serves another interval (not a
   * read per request while KV is down), then the next request tries again; unless the state was
   * invalidated meanwhile, which the next request still reads.
   */
  private refreshFailed(seq: number, err: unknown): void {
    if (seq >= this.freshFrom) this.checkedAt = Math.max(this.checkedAt, Date.now());
    console.error(JSON.stringify({ level: 'error', msg: 'plugin snapshot refresh failed; serving the one in hand', error: String(err) }));
  }

  private mustRefresh(): boolean {
    if (!this.current) return true;
    const now = Date.now();
    if (now - this.checkedAt < this.options.refreshIntervalMs) return false;
    return this.inFlight === undefined || now - this.inFlight.since >= REFRESH_GIVE_UP_MS;
  }

  /** Numbers a refresh and marks it in flight, from now: no other request starts one meanwhile. */
  private begin(): number {
    const seq = ++this.started;
    this.inFlight = { seq, since: Date.now() };
    return seq;
  }

  private async refresh(env: Cloudflare.Env, seq: number): Promise<void> {
    const started = Date.now();
    try {
      const { entries, toggles, generation } = await this.readState(env);
      const fingerprint = `${generation}|${JSON.stringify([...toggles].sort(([a], [b]) => (a < b ? -1 : 1)))}`;
      if (seq < this.installed) return;
      if (this.current?.fingerprint !== fingerprint) {
        const { specs, problems } = resolveSpecs(withBuiltins(entries, this.options), toggles, this.options.catalog, this.options.hookTimeoutMs, this.options.wasm);
        const previous = this.current?.set;
        const set = await PluginSet.build(specs, env, this.options.services, previous);
        // Another request's refresh installed a newer snapshot while this one built.
        if (seq < this.installed || this.current?.fingerprint === fingerprint) {
          set.discard(this.current!.set);
          return;
        }
        const replaced = this.current?.set;
        this.current = { set, problems: [...problems, ...set.initFailures], toggles, fingerprint };
        replaced?.retire(set);
      }
      this.installed = seq;
      this.checkedAt = started;
    } finally {
      if (this.inFlight?.seq === seq) this.inFlight = undefined;
    }
  }

  private rows: SequenceEntry[] = [];
  private rowsGeneration = -1;

  private async readState(env: Cloudflare.Env): Promise<{ entries: readonly SequenceEntry[]; toggles: Map<string, PluginToggle>; generation: number }> {
    const names = this.options.catalog.map((d) => d.name);
    const toggles = env.KV ? await readToggles(env.KV, names) : new Map<string, PluginToggle>();
    if (!env.DB) return { entries: this.options.fileEntries, toggles, generation: 0 };
    const db = env.DB;
    try {
      // Once per isolate (an upsert that changes nothing when the rows are current); concurrent first
      // requests each run it, with their own I/O.
      if (!this.synced) {
        await syncFileEntries(db, this.options.fileEntries.map((e) => toRowInput(e, this.options.catalog)));
        this.synced = true;
      }
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
      this.synced = false;
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
