// Targets (c)–(i): Heimdall itself, configured from bindings so one bundle serves them all.
// UPSTREAM_URL points the openai provider at the mock; NOOP_PLUGINS ("0" or "10") picks the no-op
// plugins; SEMANTIC_CACHE="1" runs the semantic_cache plugin in exact mode (KV binding CACHE);
// OTEL_COLLECTOR runs the otel plugin exporting to that URL.
import otel from '../plugins/otel';
import semanticCache from '../plugins/semantic_cache';
import { createGateway } from '../src/gateway';
import { noopPluginEntries, noopPlugins } from './noop-plugins';

interface BenchEnv {
  UPSTREAM_URL: string;
  NOOP_PLUGINS?: string;
  SEMANTIC_CACHE?: string;
  OTEL_COLLECTOR?: string;
}

let handler: ExportedHandler<Cloudflare.Env> | undefined;

function build(env: BenchEnv): ExportedHandler<Cloudflare.Env> {
  const count = Number(env.NOOP_PLUGINS ?? '0');
  if (!Number.isInteger(count) || count < 0 || count > noopPlugins.length) {
    throw new Error(`NOOP_PLUGINS must be an integer from 0 to ${noopPlugins.length}, got "${env.NOOP_PLUGINS}"`);
  }
  return createGateway({
    config: {
      providers: {
        openai: { keys: [{ value: 'sk-bench', models: [] }], network_config: { base_url: `${env.UPSTREAM_URL}/v1` } },
      },
      plugins: env.SEMANTIC_CACHE === '1'
        ? [{ name: 'semantic_cache', enabled: true, config: { dimension: 1, default_cache_key: 'bench', ttl: '1h' } }]
        : env.OTEL_COLLECTOR
          ? [{ name: 'otel', enabled: true, config: { collector_url: env.OTEL_COLLECTOR, trace_type: 'genai_extension', protocol: 'http' } }]
          : noopPluginEntries(count),
    },
    plugins: [...noopPlugins, semanticCache, otel],
  });
}

export default {
  fetch(request, env, ctx) {
    handler ??= build(env as unknown as BenchEnv);
    return handler.fetch!(request, env, ctx);
  },
} satisfies ExportedHandler<Cloudflare.Env>;
