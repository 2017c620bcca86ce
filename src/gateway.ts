import { createApp } from './app';
import { loadConfig } from './config/load-config';
import { GatewayRuntime } from './gateway-runtime';
import type { PluginDefinition } from './pipeline/define-plugin';
import { type WasmBundle, WasmCatalog, wasmPluginsFor } from './wasm/bundle';

export interface GatewayOptions {
  /** A config in Bifrost's config.json shape (validated here; a bad one throws a ConfigError). */
  config: unknown;
  /** Every plugin the bundle holds; the config picks which run. */
  plugins: readonly PluginDefinition[];
  /** The `.wasm` files the build bundled; config entries with a `path` name one of them. */
  wasm?: WasmBundle;
}

/** Builds the Worker's fetch handler. Throws at startup, not per request, when the config is wrong. */
export function createGateway(options: GatewayOptions): ExportedHandler<Cloudflare.Env> {
  const wasm = new WasmCatalog(options.wasm ?? [], options.plugins.filter((d) => d.builtin).map((d) => d.name));
  const plugins = [...options.plugins, ...wasmPluginsFor(options.config, wasm, options.plugins)];
  const app = createApp(new GatewayRuntime(loadConfig(options.config, plugins), plugins, wasm));
  return { fetch: (request, env, ctx) => app.fetch(request, env, ctx) };
}
