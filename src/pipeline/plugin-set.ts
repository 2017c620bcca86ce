import { canonicalJson } from '../config/canonical-json';
import { resolveEnvRefsDeep } from '../config/resolve-env';
import type { GatewayServices, PluginDefinition, PluginHooks, Placement } from './define-plugin';
import { sortSequence } from './sequence';

/** One initialised plugin, in its place in the sequence. */
export interface PluginInstance {
  readonly name: string;
  readonly placement: Placement;
  readonly order: number;
  readonly failClosed: boolean;
  readonly hookTimeoutMs: number;
  readonly hooks: PluginHooks;
  /** Built-ins may write the gateway's reserved context keys (the virtual key, …). */
  readonly privileged: boolean;
  /** Same key = same definition and settings: a reload keeps the instance instead of re-running init. */
  readonly key: string;
}

/** What to load: the definition plus its validated config and its place. */
export interface PluginSpec {
  definition: PluginDefinition;
  config: unknown;
  placement: Placement;
  order: number;
  failClosed: boolean;
  hookTimeoutMs: number;
  /** Registration order (the plugin's place in the bundle's list): breaks ties of placement and order. */
  rank: number;
}

export interface PluginInitFailure {
  name: string;
  message: string;
}

const instanceKey = (s: PluginSpec) => `${s.definition.name}\u0000${s.failClosed}\u0000${s.hookTimeoutMs}\u0000${canonicalJson(s.config)}`;

/**
 * An immutable, ordered snapshot of initialised plugins. A request holds one snapshot from start to
 * end (acquire/release), so a reload never changes the plugins of a request in flight, and a
 * replaced instance is cleaned up only once no request holds it any more.
 */
export class PluginSet {
  private holders = 0;
  private retiredFor: PluginSet | undefined;
  private cleanedUp = false;

  private constructor(
    readonly plugins: readonly PluginInstance[],
    readonly initFailures: readonly PluginInitFailure[],
    /** Instances taken over from the set this one was built from: theirs to clean up, not this one's. */
    private readonly reused: ReadonlySet<PluginHooks>,
  ) {}

  /**
   * Runs `init` for every spec the previous set did not already hold with the same settings; a
   * plugin whose init fails is left out and reported, the rest still load.
   */
  static async build(specs: readonly PluginSpec[], env: Cloudflare.Env, services: GatewayServices, previous?: PluginSet): Promise<PluginSet> {
    const reusable = new Map(previous?.plugins.map((p) => [p.key, p]));
    const reused = new Set<PluginHooks>();
    const ordered = sortSequence(specs, (s) => s.rank);
    const settled = await Promise.allSettled(
      ordered.map(async (s) => {
        const old = reusable.get(instanceKey(s));
        if (old) {
          reused.add(old.hooks);
          return old.hooks;
        }
        return s.definition.init(resolveEnvRefsDeep(s.config, env, `plugin "${s.definition.name}" config`), env, services);
      }),
    );
    const plugins: PluginInstance[] = [];
    const initFailures: PluginInitFailure[] = [];
    settled.forEach((result, i) => {
      const spec = ordered[i]!;
      const name = spec.definition.name;
      if (result.status === 'fulfilled') {
        const { placement, order, failClosed, hookTimeoutMs } = spec;
        plugins.push({ name, placement, order, failClosed, hookTimeoutMs, hooks: result.value, key: instanceKey(spec), privileged: spec.definition.builtin !== undefined });
      } else {
        const message = result.reason instanceof Error ? result.reason.message : String(result.reason);
        initFailures.push({ name, message });
        console.error(JSON.stringify({ level: 'error', msg: 'plugin init failed', plugin: name, error: message }));
      }
    });
    return new PluginSet(plugins, initFailures, reused);
  }

  /** Marks this snapshot in use by a request; call the returned function (once) when it is done. */
  acquire(): () => void {
    this.holders++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holders--;
      if (this.holders === 0 && this.retiredFor) void this.cleanupReplaced(this.retiredFor);
    };
  }

  /** This snapshot was replaced by `successor`: clean up what it does not keep, once idle. */
  retire(successor: PluginSet): void {
    this.retiredFor = successor;
    if (this.holders === 0) void this.cleanupReplaced(successor);
  }

  /**
   * This snapshot lost to `installed` (built side by side with it) before any request held it:
   * clean up what it initialised itself and `installed` does not keep. What it reused belongs to
   * the set it was built from, which cleans that up when it is retired.
   */
  discard(installed: PluginSet): void {
    void this.cleanupExcept(new Set([...installed.plugins.map((p) => p.hooks), ...this.reused]));
  }

  /** Calls `cleanup` of every instance (all of them when there is no successor). */
  async dispose(): Promise<void> {
    await this.cleanupReplaced(undefined);
  }

  private cleanupReplaced(successor: PluginSet | undefined): Promise<void> {
    return this.cleanupExcept(new Set(successor?.plugins.map((p) => p.hooks)));
  }

  private async cleanupExcept(kept: ReadonlySet<PluginHooks>): Promise<void> {
    if (this.cleanedUp) return;
    this.cleanedUp = true;
    await Promise.all(
      this.plugins
        .filter((p) => !kept.has(p.hooks))
        .map(async (p) => {
          try {
            await p.hooks.cleanup?.();
          } catch (err) {
            console.error(JSON.stringify({ level: 'error', msg: 'plugin cleanup failed', plugin: p.name, error: String(err) }));
          }
        }),
    );
  }
}
