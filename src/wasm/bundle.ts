import type { z } from 'zod';
import { ConfigError } from '../config/load-config';
import type { PluginDefinition } from '../pipeline/define-plugin';
import { wasmPathProblems } from './wasm-path';
import { wasmPlugin } from './wasm-plugin';

/** One `.wasm` file the build bundled: its path from the project root, and its config schema if its folder has one. */
export interface BundledWasm {
  path: string;
  module: WebAssembly.Module;
  configSchema?: z.ZodType;
}

export type WasmBundle = readonly BundledWasm[];

/**
 * A plugin definition for every config entry with a `path`, named as the entry (two entries may
 * share one file, each with its own instances and config). A path that is not a bundled file is a
 * ConfigError naming the plugin, as at build time.
 */
export function wasmPluginsFor(rawConfig: unknown, bundle: WasmBundle, taken: readonly PluginDefinition[]): PluginDefinition[] {
  const raw = (rawConfig as { plugins?: unknown } | null)?.plugins;
  const entries = (Array.isArray(raw) ? raw : [])
    .filter((e): e is { name: string; path: string } => typeof e === 'object' && e !== null && typeof (e as { path?: unknown }).path === 'string' && typeof (e as { name?: unknown }).name === 'string')
    .map(({ name, path }) => ({ name, path }));
  const byPath = new Map(bundle.map((b) => [b.path, b]));
  const problems = wasmPathProblems(entries, new Set(byPath.keys()));
  for (const e of entries) {
    if (taken.some((d) => d.name === e.name)) problems.push(`plugin "${e.name}": a bundled TypeScript plugin has this name; give the WASM entry another`);
  }
  if (problems.length > 0) throw new ConfigError(`invalid gateway config:\n${problems.join('\n')}`);
  return entries.map((e) => {
    const bundled = byPath.get(e.path)!;
    return wasmPlugin({ name: e.name, module: bundled.module, ...(bundled.configSchema ? { configSchema: bundled.configSchema } : {}) });
  });
}
