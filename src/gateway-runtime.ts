import { builtinConfig, type LoadedConfig } from './config/load-config';
import type { PluginDefinition } from './pipeline/define-plugin';
import { embedOnce } from './core/embed-once';
import { PluginRuntime } from './sequence/plugin-runtime';
import { WasmCatalog } from './wasm/bundle';

/** What one isolate keeps between requests: the validated config and the live plugin set. */
export class GatewayRuntime {
  readonly knownProviders: ReadonlySet<string>;
  readonly plugins: PluginRuntime;

  constructor(
    readonly loaded: LoadedConfig,
    readonly catalog: readonly PluginDefinition[],
    /** The bundled `.wasm` files: rows and API writes may name one by `path`. */
    readonly wasm: WasmCatalog = new WasmCatalog([]),
  ) {
    this.knownProviders = new Set(loaded.providers.keys());
    this.plugins = new PluginRuntime({
      fileEntries: loaded.fileEntries,
      catalog,
      wasm,
      hookTimeoutMs: loaded.config.client.plugin_hook_timeout_ms,
      refreshIntervalMs: loaded.config.client.plugin_refresh_interval_ms,
      builtinConfig: (name) => builtinConfig(loaded.config, name),
      services: {
        embed: (target, input, ctx) => embedOnce({ kind: 'embedding', ...target, input, params: {}, fallbacks: [], encodingFormat: 'float' }, loaded.providers, ctx),
      },
    });
  }
}
