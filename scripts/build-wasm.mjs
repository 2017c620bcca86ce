// The WASM build step, run before every build, start, test and deploy (wrangler.toml's [build]
// command; scripts/test.mjs first thing): compiles the WASM plugins whose sources are in the repo,
// checks config.json's `path`s, and writes plugins/wasm-bundle.generated.ts, the static imports
// that put every `.wasm` under plugins/ into the bundle (a Worker cannot compile WebAssembly at
// run time). Sources it builds, each to `plugin.wasm` in its folder, when older than their sources:
//   - a folder with Cargo.toml: Rust, `cargo build --release --target wasm32-unknown-unknown` (or
//     the target its .cargo/config.toml names),
//     with Debian's toolchain when installed (rustc, cargo, libstd-rust-dev-wasm32, lld-14) and
//     crates from Debian's librust-*-dev packages (the folder's .cargo/config.toml), offline;
//   - a folder with asconfig.json: AssemblyScript, `asc assembly/index.ts --config asconfig.json`.
// Source folders: plugins/*, and with `--all` also examples/wasm/* (the example plugins: a user
// copies one into plugins/ to deploy it; the tests bring them in themselves) and test/fixtures/wasm/*
// (plugins the tests need). Only what is under plugins/ is bundled, so a start or deploy builds
// nothing else.
// Usage: node scripts/build-wasm.mjs [--all] [config.json]. Exits 1 naming the plugin when a path is
// wrong. Without Rust installed, a Rust plugin is skipped with a warning (so `npm start` works on a
// machine with Node alone) and is not bundled, which fails only if config.json names it; `--all`
// (the tests, and CI, which installs Rust) requires every plugin to build.
// Last, scripts/build-config-schemas.mjs writes the bundled config schemas' JSON Schemas (those of
// the .wasm files' folders too), so every build, start, test and deploy has them.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { buildSync } from 'esbuild';
import { buildConfigSchemas } from './build-config-schemas.mjs';

const root = resolve(import.meta.dirname, '..');
const SKIP = new Set(['node_modules', 'target', '.cargo']);

function walk(dir, visit) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name)) continue;
    const full = join(dir, entry.name);
    if (entry.isDirectory()) walk(full, visit);
    else visit(full);
  }
}

/** The newest modification time among a folder's sources (its output excluded). */
function newestSource(dir) {
  let newest = 0;
  walk(dir, (file) => {
    if (!file.endsWith('.wasm')) newest = Math.max(newest, statSync(file).mtimeMs);
  });
  return newest;
}

function run(cmd, args, cwd, env = {}) {
  const r = spawnSync(cmd, args, { cwd, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ...env } });
  if (r.error || r.status !== 0) {
    console.error(`build-wasm: ${cmd} ${args.join(' ')} failed in ${relative(root, cwd)}${r.error ? `: ${r.error.message}` : ''}`);
    process.exit(1);
  }
}

/** Debian's rustc/cargo when installed (their wasm32 std is Debian's), else the ones on PATH. */
function rustToolchain() {
  if (existsSync('/usr/bin/cargo') && existsSync('/usr/bin/rustc')) return { cargo: '/usr/bin/cargo', env: { RUSTC: '/usr/bin/rustc' } };
  return { cargo: 'cargo', env: {} };
}

const args = process.argv.slice(2);
const requireAll = args.includes('--all');
const RUST_PACKAGES = 'apt-get install rustc cargo libstd-rust-dev-wasm32 lld-14 librust-serde-json-dev';

/** Builds a Rust plugin; false when Rust is not installed and not every plugin is required. */
function buildRust(dir) {
  const { cargo, env } = rustToolchain();
  const crate = /^\s*name\s*=\s*"([^"]+)"/m.exec(readFileSync(join(dir, 'Cargo.toml'), 'utf8'))?.[1];
  if (!crate) throw new Error(`${relative(root, dir)}/Cargo.toml has no package name`);
  const probe = spawnSync(cargo, ['--version'], { stdio: 'ignore' });
  if (probe.error) {
    if (!requireAll) {
      const rel = relative(root, dir).split('\\').join('/');
      console.warn(`build-wasm: skipped ${rel}${rel.startsWith('plugins/') ? ', not bundled' : ''} (it needs Rust: ${RUST_PACKAGES})`);
      return false;
    }
    console.error(`build-wasm: ${relative(root, dir)} needs Rust: ${RUST_PACKAGES}`);
    process.exit(1);
  }
  // wasm32-unknown-unknown unless the folder's .cargo/config.toml names another target (wasm32-wasi).
  const cargoConfig = join(dir, '.cargo/config.toml');
  const target = (existsSync(cargoConfig) && /^\s*target\s*=\s*"([^"]+)"/m.exec(readFileSync(cargoConfig, 'utf8'))?.[1]) || 'wasm32-unknown-unknown';
  run(cargo, ['build', '--release', '--target', target, '--quiet'], dir, env);
  // A library (cdylib) is named with underscores, a binary (a wasm32-wasi command) as the crate is.
  const release = join(dir, 'target', target, 'release');
  const built = [`${crate.replace(/-/g, '_')}.wasm`, `${crate}.wasm`].map((f) => join(release, f)).find((f) => existsSync(f));
  if (!built) throw new Error(`cargo built no ${crate}.wasm in ${relative(root, release)}`);
  copyFileSync(built, join(dir, 'plugin.wasm'));
  return true;
}

function buildAssemblyScript(dir) {
  run(process.execPath, [join(root, 'node_modules/assemblyscript/bin/asc.js'), 'assembly/index.ts', '--config', 'asconfig.json'], dir);
}

for (const parent of requireAll ? ['plugins', 'examples/wasm', 'test/fixtures/wasm'] : ['plugins']) {
  const base = join(root, parent);
  if (!existsSync(base)) continue;
  for (const entry of readdirSync(base, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const dir = join(base, entry.name);
    const kind = existsSync(join(dir, 'Cargo.toml')) ? 'rust' : existsSync(join(dir, 'asconfig.json')) ? 'as' : undefined;
    if (!kind) continue;
    const out = join(dir, 'plugin.wasm');
    if (existsSync(out) && statSync(out).mtimeMs >= newestSource(dir)) continue;
    const started = Date.now();
    if (kind === 'rust') {
      if (!buildRust(dir)) continue;
    } else buildAssemblyScript(dir);
    console.log(`build-wasm: built ${relative(root, out)} (${statSync(out).size} bytes, ${Date.now() - started} ms)`);
  }
}

// Every .wasm under plugins/ is bundled, listed in config.json or not (the API can add it later).
const bundled = [];
walk(join(root, 'plugins'), (file) => {
  if (file.endsWith('.wasm')) bundled.push(relative(root, file).split('\\').join('/'));
});
bundled.sort();

// The path rule is the gateway's own (src/wasm/wasm-path.ts), bundled here so there is one.
const rules = buildSync({ entryPoints: [join(root, 'src/wasm/wasm-path.ts')], bundle: true, format: 'esm', write: false, platform: 'neutral' });
const { wasmPathProblems } = await import(`data:text/javascript;base64,${Buffer.from(rules.outputFiles[0].text).toString('base64')}`);
const configFile = resolve(root, args.find((a) => !a.startsWith('--')) ?? 'config.json');
const config = JSON.parse(readFileSync(configFile, 'utf8'));
const entries = (config.plugins ?? []).filter((p) => typeof p?.path === 'string').map((p) => ({ name: String(p.name), path: p.path }));
const problems = wasmPathProblems(entries, new Set(bundled));
if (problems.length > 0) {
  console.error(`build-wasm: ${relative(root, configFile)}:\n  ${problems.join('\n  ')}`);
  process.exit(1);
}

const lines = [
  '// Generated by scripts/build-wasm.mjs from the .wasm files under plugins/: do not edit (not committed).',
  "import type { WasmBundle } from '../src/wasm/bundle';",
];
const wasmSchemas = [];
const items = bundled.map((path, i) => {
  const rel = path.slice('plugins/'.length);
  lines.push(`import wasm${i} from './${rel}';`);
  // A folder may ship a zod schema for its config (config-schema.ts, default export).
  const schemaFile = join(root, path, '..', 'config-schema.ts');
  if (existsSync(schemaFile)) {
    wasmSchemas.push(schemaFile);
    lines.push(`import schema${i} from './${relative(join(root, 'plugins'), schemaFile).split('\\').join('/').replace(/\.ts$/, '')}';`);
    return `  { path: '${path}', module: wasm${i}, configSchema: schema${i} },`;
  }
  return `  { path: '${path}', module: wasm${i} },`;
});
lines.push('', 'export const wasmBundle: WasmBundle = [', ...items, '];', '');
const generated = join(root, 'plugins/wasm-bundle.generated.ts');
const text = lines.join('\n');
// Rewritten only when it changes, so a watching `wrangler dev` does not rebuild for nothing.
if (!existsSync(generated) || readFileSync(generated, 'utf8') !== text) writeFileSync(generated, text);
console.log(`build-wasm: ${bundled.length} WASM plugin file(s) bundled: ${bundled.join(', ') || 'none'}`);
await buildConfigSchemas(root, wasmSchemas);
