import { createApp } from './app';
import { loadConfig } from './config/load-config';
import { GatewayRuntime } from './gateway-runtime';
import type { PluginDefinition } from './pipeline/define-plugin';

export interface GatewayOptions {
  /** A config in Bifrost's config.json shape (validated here; a bad one throws a ConfigError). */
  config: unknown;
  /** Every plugin the bundle holds; the config picks which run. */
  plugins: readonly PluginDefinition[];
}

/** Builds the Worker's fetch handler. Throws at startup, not per request, when the config is wrong. */
export function createGateway(options: GatewayOptions): ExportedHandler<Cloudflare.Env> {
  const app = createApp(new GatewayRuntime(loadConfig(options.config, options.plugins), options.plugins));
  return { fetch: (request, env, ctx) => app.fetch(request, env, ctx) };
}
