import type { PluginDefinition } from '../pipeline/define-plugin';
import { PROVIDER_KINDS } from '../providers/registry';
import type { ResolvedProvider } from '../providers/types';
import type { SequenceEntry } from '../sequence/sequence-entry';
import * as z from '../zod';
import { formatIssues } from './format-issues';
import { type GatewayConfig, gatewayConfigSchema } from './schema';

/** A config that cannot run. Thrown at startup so a bad deploy fails loudly, never mid-request. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

export interface LoadedConfig {
  config: GatewayConfig;
  providers: ReadonlyMap<string, ResolvedProvider>;
  /** Every plugin entry of the file, enabled or not, validated against its plugin's schema. */
  fileEntries: SequenceEntry[];
}

export function loadConfig(raw: unknown, catalog: readonly PluginDefinition[]): LoadedConfig {
  const parsed = gatewayConfigSchema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(`invalid gateway config:\n${formatIssues(parsed.error.issues, raw)}`);
  const config = parsed.data;
  checkBuiltins(config, catalog);
  return { config, providers: resolveProviders(config), fileEntries: resolvePlugins(config, raw, catalog) };
}

function resolveProviders(config: GatewayConfig): Map<string, ResolvedProvider> {
  const out = new Map<string, ResolvedProvider>();
  for (const [name, pc] of Object.entries(config.providers)) {
    const kindName = pc.custom_provider_config?.base_provider_type ?? name;
    const kind = PROVIDER_KINDS[kindName];
    if (!kind) {
      const known = Object.keys(PROVIDER_KINDS).join(', ');
      throw new ConfigError(
        `invalid gateway config:\nproviders.${name}: unknown provider "${kindName}" (known: ${known}); ` +
          'a custom provider sets custom_provider_config.base_provider_type',
      );
    }
    const baseUrl = pc.network_config.base_url ?? kind.defaultBaseUrl ?? '';
    if (!baseUrl && !kind.baseUrlOptional) throw new ConfigError(`invalid gateway config:\nproviders.${name}.network_config.base_url: required for this provider`);
    out.set(name, {
      name,
      kind,
      baseUrl: baseUrl.replace(/\/+$/, ''),
      keys: pc.keys,
      timeoutMs: pc.network_config.default_request_timeout_in_seconds * 1000,
      extraHeaders: pc.network_config.extra_headers ?? {},
      retry: {
        maxRetries: pc.network_config.max_retries,
        backoffInitialMs: pc.network_config.retry_backoff_initial,
        backoffMaxMs: pc.network_config.retry_backoff_max,
      },
      streamIdleTimeoutMs: pc.network_config.stream_idle_timeout_in_seconds * 1000,
      fallbacks: pc.fallbacks.map((f, i) => {
        const slash = f.indexOf('/');
        const target = { provider: f.slice(0, slash), model: f.slice(slash + 1) };
        if (slash <= 0 || !target.model || !(target.provider in config.providers)) {
          throw new ConfigError(`invalid gateway config:\nproviders.${name}.fallbacks[${i}]: "${f}" must be "provider/model" with a configured provider`);
        }
        return target;
      }),
    });
  }
  return out;
}

function resolvePlugins(config: GatewayConfig, raw: unknown, catalog: readonly PluginDefinition[]): SequenceEntry[] {
  const byName = new Map(catalog.map((d) => [d.name, d]));
  const seen = new Set<string>();
  const entries: SequenceEntry[] = [];
  const errors: string[] = [];
  config.plugins.forEach((entry, i) => {
    const where = `plugins[${i}] ("${entry.name}")`;
    if (seen.has(entry.name)) errors.push(`${where}.name: listed twice`);
    seen.add(entry.name);
    const definition = byName.get(entry.name);
    if (!definition) {
      errors.push(`${where}.name: no such plugin is bundled (available: ${[...byName.keys()].join(', ') || 'none'})`);
      return;
    }
    if (entry.placement === 'builtin' && !definition.builtin) {
      errors.push(`${where}.placement: "builtin" is reserved for built-in plugins; use "pre_builtin" or "post_builtin"`);
    }
    // Disabled entries are validated too: enabling one later must not be when a typo shows.
    const pluginConfig = z.safeParse(definition.configSchema, entry.config ?? {});
    if (!pluginConfig.success) {
      const rawEntry = (raw as { plugins?: unknown[] }).plugins?.[i];
      const rawConfig = rawEntry && typeof rawEntry === 'object' ? (rawEntry as { config?: unknown }).config : undefined;
      errors.push(...formatIssues(pluginConfig.error.issues, rawConfig).split('\n').map((line) => `${where}.config.${line}`));
      return;
    }
    entries.push({
      name: entry.name,
      enabled: entry.enabled,
      placement: entry.placement,
      order: entry.order,
      config: entry.config ?? {},
      version: entry.version,
      failClosed: entry.fail_closed,
      path: entry.path,
    });
  });
  if (errors.length > 0) throw new ConfigError(`invalid gateway config:\n${errors.join('\n')}`);
  return entries;
}

/** What a built-in is configured with: the `client` block plus its own top-level section. */
export function builtinConfig(config: GatewayConfig, name: string): Record<string, unknown> {
  const section = (config as Record<string, unknown>)[name];
  return { ...config.client, ...(section && typeof section === 'object' ? section : {}) };
}

/**
 * Built-ins run whatever the sequence says (governance is one), so a mistake in their settings must
 * stop the deploy rather than leave them out.
 */
function checkBuiltins(config: GatewayConfig, catalog: readonly PluginDefinition[]): void {
  for (const d of catalog.filter((p) => p.builtin)) {
    const parsed = z.safeParse(d.configSchema, builtinConfig(config, d.name));
    if (!parsed.success) {
      const section = (config as Record<string, unknown>)[d.name];
      throw new ConfigError(`invalid gateway config:\n${formatIssues(parsed.error.issues, { ...config.client, ...(section as object) }).split('\n').map((l) => `${d.name}.${l}`).join('\n')}`);
    }
  }
}
