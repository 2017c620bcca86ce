import type { LoadedConfig } from './config/load-config';
import { PluginSet } from './pipeline/plugin-set';

/**
 * What one isolate keeps between requests: the validated config and the initialised plugin set.
 * The set is built on first use (init may need bindings, which exist only inside a request).
 */
export class GatewayRuntime {
  private pluginSet: Promise<PluginSet> | undefined;
  readonly knownProviders: ReadonlySet<string>;

  constructor(readonly loaded: LoadedConfig) {
    this.knownProviders = new Set(loaded.providers.keys());
  }

  plugins(env: Cloudflare.Env): Promise<PluginSet> {
    return (this.pluginSet ??= PluginSet.build(this.loaded.pluginSpecs, env));
  }
}
