import { resolveEnvRefsDeep } from '../config/resolve-env';
import type { PluginDefinition, PluginHooks, Placement } from './define-plugin';
import { sortSequence } from './sequence';

/** One initialised plugin, in its place in the sequence. */
export interface PluginInstance {
  readonly name: string;
  readonly placement: Placement;
  readonly order: number;
  readonly failClosed: boolean;
  readonly hookTimeoutMs: number;
  readonly hooks: PluginHooks;
}

/** What the config says to load, after validation: the definition plus its parsed config. */
export interface PluginSpec {
  definition: PluginDefinition;
  config: unknown;
  placement: Placement;
  order: number;
  failClosed: boolean;
  hookTimeoutMs: number;
}

export interface PluginInitFailure {
  name: string;
  message: string;
}

/**
 * An immutable, ordered snapshot of initialised plugins. A request holds one snapshot from start to
 * end, so a reload never changes the plugins of a request in flight.
 */
export class PluginSet {
  private constructor(
    readonly plugins: readonly PluginInstance[],
    readonly initFailures: readonly PluginInitFailure[],
  ) {}

  /** Runs every `init`; a plugin whose init fails is left out and reported, the rest still load. */
  static async build(specs: readonly PluginSpec[], env: Cloudflare.Env): Promise<PluginSet> {
    const ordered = sortSequence(specs);
    const settled = await Promise.allSettled(
      ordered.map(async (s) => s.definition.init(resolveEnvRefsDeep(s.config, env, `plugin "${s.definition.name}" config`), env)),
    );
    const plugins: PluginInstance[] = [];
    const initFailures: PluginInitFailure[] = [];
    settled.forEach((result, i) => {
      const spec = ordered[i]!;
      if (result.status === 'fulfilled') {
        plugins.push({
          name: spec.definition.name,
          placement: spec.placement,
          order: spec.order,
          failClosed: spec.failClosed,
          hookTimeoutMs: spec.hookTimeoutMs,
          hooks: result.value,
        });
      } else {
        const message = result.reason instanceof Error ? result.reason.message : String(result.reason);
        initFailures.push({ name: spec.definition.name, message });
        console.error(JSON.stringify({ level: 'error', msg: 'plugin init failed', plugin: spec.definition.name, error: message }));
      }
    });
    return new PluginSet(plugins, initFailures);
  }

  /** Calls every `cleanup`; failures are logged, never thrown, so one plugin cannot block the others. */
  async dispose(): Promise<void> {
    await Promise.all(
      this.plugins.map(async (p) => {
        try {
          await p.hooks.cleanup?.();
        } catch (err) {
          console.error(JSON.stringify({ level: 'error', msg: 'plugin cleanup failed', plugin: p.name, error: String(err) }));
        }
      }),
    );
  }
}
