import type * as z from '../zod';
import { ConfigError } from '../config/load-config';
import type { PluginDefinition } from '../pipeline/define-plugin';
import { withheldPrefixes } from './translate-context';
import { wasmPathProblems } from './wasm-path';
import { wasmPlugin } from './wasm-plugin';

/** One `.wasm` file the build bundled: its path from the project root, and its config schema if its folder has one. */
export interface BundledWasm {
  path: string;
  module: WebAssembly.Module;
  configSchema?: z.core.$ZodType;
}

export type WasmBundle = readonly BundledWasm[];

/**
 * The bundled `.wasm` files, and the plugin definitions made of them: one per entry name and path
 * (two entries may share one file, each with its own instances and config), made once, so the
 * config file, D1 rows and the API all meet the same definition.
 */
export class WasmCatalog {
  private readonly byPath: Map<string, BundledWasm>;
  private readonly made = new Map<string, PluginDefinition>();
  private readonly withheld: readonly string[];

  /** `builtins`: the built-in plugins' names, whose context state WASM plugins neither see nor write. */
  constructor(bundle: WasmBundle, builtins: readonly string[] = []) {
    this.byPath = new Map(bundle.map((b) => [b.path, b]));
    this.withheld = withheldPrefixes(builtins);
  }

  /** Why `path` cannot serve the plugin `name`, naming both; undefined when it can. */
  problem(name: string, path: string): string | undefined {
    return wasmPathProblems([{ name, path }], new Set(this.byPath.keys()))[0];
  }

  /** The definition for this entry, or undefined when the path names no bundled file. */
  definition(name: string, path: string): PluginDefinition | undefined {
    const bundled = this.byPath.get(path);
    if (!bundled || this.problem(name, path)) return undefined;
    const key = `${name}\u0000${path}`;
    let definition = this.made.get(key);
    if (!definition) {
      definition = wasmPlugin({ name, module: bundled.module, withheld: this.withheld, ...(bundled.configSchema ? { configSchema: bundled.configSchema } : {}) });
      this.made.set(key, definition);
    }
    return definition;
  }

  /** Whether a definition was made here (a WASM plugin) rather than bundled as TypeScript. */
  holds(definition: PluginDefinition): boolean {
    return [...this.made.values()].includes(definition);
  }
}

/**
 * A plugin definition for every config entry with a `path`, named as the entry. A path that is not
 * a bundled file is a ConfigError naming the plugin, as at build time.
 */
export function wasmPluginsFor(rawConfig: unknown, wasm: WasmCatalog, taken: readonly PluginDefinition[]): PluginDefinition[] {
  const raw = (rawConfig as { plugins?: unknown } | null)?.plugins;
  const entries = (Array.isArray(raw) ? raw : [])
    .filter((e): e is { name: string; path: string } => typeof e === 'object' && e !== null && typeof (e as { path?: unknown }).path === 'string' && typeof (e as { name?: unknown }).name === 'string')
    .map(({ name, path }) => ({ name, path }));
  const problems = entries.map((e) => wasm.problem(e.name, e.path)).filter((p): p is string => p !== undefined);
  for (const e of entries) {
    if (taken.some((d) => d.name === e.name)) problems.push(`plugin "${e.name}": a bundled TypeScript plugin has this name; give the WASM entry another`);
  }
  if (problems.length > 0) throw new ConfigError(`invalid gateway config:\n${problems.join('\n')}`);
  return entries.map((e) => wasm.definition(e.name, e.path)!);
}
