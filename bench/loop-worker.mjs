// The Worker of bench/loop.mjs and bench/profile.mjs: a tree's bench/loop-entry.ts bundled against
// that tree's gateway, and the Miniflare options that run it on the recorded fixtures.
import { execFileSync } from 'node:child_process';
import { cpSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PEERS_DIR } from './peers.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const esbuild = await import('esbuild');
const { parse: parseToml } = await import(path.join(PEERS_DIR, 'node_modules', 'smol-toml', 'dist', 'index.js'));

const wranglerToml = (dir) => parseToml(readFileSync(path.join(dir, 'wrangler.toml'), 'utf8'));

/** Bundles the loop entry into `out`, importing the gateway of `dir` (minified as shipped, or readable for a profile). */
export async function buildLoopWorker(dir, out, { minify = true } = {}) {
  // The entry is this tree's, copied into each tree so it imports that tree's gateway.
  const entry = path.join(dir, 'bench', `loop-entry.${process.pid}.ts`);
  cpSync(path.join(here, 'loop-entry.ts'), entry);
  try {
    await esbuild.build({ entryPoints: [entry], outfile: out, bundle: true, format: 'esm', platform: 'neutral', target: 'es2022', minify, conditions: ['workerd', 'worker', 'browser'], mainFields: ['module', 'main'], external: ['cloudflare:*', 'node:*'], logLevel: 'error' });
  } finally {
    rmSync(entry, { force: true });
  }
}

/** Miniflare options for the bundle at `out` built from `dir`: the fixtures (`fx`, from loadFixtures) as bindings, the tree's compatibility date and flags. */
export function loopWorkerOptions(dir, out, fx, { api = 'chat', logging = false } = {}) {
  const toml = wranglerToml(dir);
  return {
    scriptPath: out, modules: true, modulesRoot: path.dirname(out), compatibilityDate: toml.compatibility_date, compatibilityFlags: toml.compatibility_flags ?? [],
    host: '127.0.0.1', port: 0, handleRuntimeStdio: () => {}, bindings: { FIXTURE_JSON: fx.json.toString('utf8'), FIXTURE_SSE: fx.sse.toString('utf8'), LOOP_LOGGING: logging ? '1' : '0', LOOP_API: api },
  };
}

/** The tree's D1, migrated by its own wrangler into a state folder Miniflare then serves. */
export function migratedD1(dir, state) {
  execFileSync(path.join(dir, 'node_modules', '.bin', 'wrangler'), ['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', state], {
    cwd: dir, stdio: 'ignore', env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: 'true' },
  });
  const db = wranglerToml(dir).d1_databases.find((d) => d.binding === 'DB');
  return { d1Databases: { DB: db.database_id }, d1Persist: path.join(state, 'v3', 'd1') };
}
