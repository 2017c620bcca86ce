// What a config entry's `path` may name: a `.wasm` file under `plugins/`, relative to the project
// root. One rule for the build step (scripts/build-wasm.mjs bundles this file to check config.json)
// and for the gateway (which checks it again against what was bundled).

/** Why `path` cannot name a bundled plugin, or undefined when it can. */
export function wasmPathProblem(path: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(path)) return 'is a URL: a Worker cannot load code at run time, so WASM plugins are bundled from plugins/';
  if (path.startsWith('/') || path.includes('\\')) return 'must be relative to the project root (plugins/<name>/plugin.wasm), not absolute';
  const segments = path.split('/');
  if (segments.some((s) => s === '..' || s === '.' || s === '')) return 'must not contain "..", "." or empty segments';
  if (segments[0] !== 'plugins' || segments.length < 2) return 'must be under plugins/';
  if (!path.endsWith('.wasm')) return 'must name a .wasm file';
  return undefined;
}

export interface PathEntry {
  name: string;
  path: string;
}

/** Every problem with the entries' paths given the bundled files, each naming its plugin. */
export function wasmPathProblems(entries: readonly PathEntry[], bundled: ReadonlySet<string>): string[] {
  const problems: string[] = [];
  for (const { name, path } of entries) {
    const problem = wasmPathProblem(path);
    if (problem) problems.push(`plugin "${name}": path "${path}" ${problem}`);
    else if (!bundled.has(path)) problems.push(`plugin "${name}": path "${path}" names no file under plugins/ (bundled: ${[...bundled].sort().join(', ') || 'none'})`);
  }
  return problems;
}
