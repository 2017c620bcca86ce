// Builds the Worker as `wrangler deploy` would (`--dry-run`), applies the D1 migrations to a fresh
// local state folder, and serves the bundle with Miniflare: local D1, KV, the Durable Objects and
// the static assets of the web UI. Shared by the checks that need the real bundle.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { Miniflare } from 'miniflare';

const root = resolve(import.meta.dirname, '..');

/**
 * @param {{ port?: number, main?: string, bindings?: Record<string, string>, outboundService?: (request: Request) => Response | Promise<Response> }} [options]
 *   `port` serves on 127.0.0.1 (0 picks a free one) for clients outside this process, such as a
 *   browser; `outboundService` answers the Worker's own fetches (a provider stand-in); `main` builds
 *   another entry module than wrangler.toml's (same bindings), e.g. one with a config of its own.
 * @returns {Promise<{ mf: Miniflare, url: URL }>}
 */
export async function serveBuiltWorker(options = {}) {
  const out = mkdtempSync(join(tmpdir(), 'heimdall-built-'));
  const state = join(out, 'state');
  const wrangler = (args) =>
    execFileSync('npx', ['wrangler', ...args], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, WRANGLER_SEND_METRICS: 'false' } });
  wrangler(['deploy', ...(options.main ? [options.main] : []), '--dry-run', '--outdir', out]);
  // The migrations are applied by wrangler itself, into a state folder Miniflare then serves.
  wrangler(['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', state]);

  const mf = new Miniflare({
    scriptPath: join(out, `${basename(options.main ?? 'index.ts').replace(/\.[cm]?[jt]s$/, '')}.js`),
    modules: true,
    modulesRoot: out,
    // WASM plugins are bundled beside index.js as compiled modules, as wrangler deploys them.
    modulesRules: [{ type: 'CompiledWasm', include: ['**/*.wasm'] }],
    compatibilityDate: '2026-04-20',
    compatibilityFlags: ['nodejs_compat', 'enable_request_signal'],
    // The same database id as wrangler.toml, so Miniflare opens the database wrangler migrated.
    d1Databases: { DB: readFileSync(join(root, 'wrangler.toml'), 'utf8').match(/database_id = "([^"]+)"/)[1] },
    d1Persist: join(state, 'v3', 'd1'),
    kvNamespaces: ['KV', 'CACHE'],
    durableObjects: {
      METRICS: { className: 'MetricsAggregator', useSQLite: true },
      USAGE: { className: 'UsageLedger', useSQLite: true },
    },
    assets: { directory: join(root, 'public'), routerConfig: { has_user_worker: true } },
    bindings: options.bindings ?? {},
    ...(options.outboundService && { outboundService: options.outboundService }),
    cf: false,
    ...(options.port === undefined ? {} : { host: '127.0.0.1', port: options.port }),
  });
  return { mf, url: await mf.ready };
}
