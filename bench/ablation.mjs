// Where the built-ins' cost sits: a bare pass-through Worker (b), the least a gateway that parses
// what it forwards costs (floor: bench/floor-worker.ts), and Heimdall's production bundle built
// several ways from this working tree — no plugins compiled in (core), each built-in alone, all of
// them (as shipped) — one workerd each, interleaved in rotating blocks, every response checked,
// with workerd CPU per request (sequential and at c=32) and per 303-event stream read from /proc.
// Uses ../shared/bench-peers/lib (its builder, mock upstream, load and CPU readers).
//   node bench/ablation.mjs            ABL_VARIANTS=floor,core,telemetry,governance,logging,all
//   a variant may name another tree: core@/path/to/tree (a patched copy, to weigh one part)
//   ABL_JSON=300 ABL_STREAMS=20 ABL_ROUNDS=5 ABL_CONC_S=2 (seconds of c=32 per block; 0 skips)
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PEERS_DIR } from './peers.mjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const lib = (name) => import(path.join(PEERS_DIR, 'lib', name));
const { buildHeimdall, buildPassthrough } = await lib('build.mjs');
const { childWorkerds, cpuMs, settle } = await lib('cpu.mjs');
const { concurrentBlock, newAgent, pct, Problems, sequentialBlock } = await lib('load.mjs');
const { loadFixtures } = await lib('mock-upstream.mjs');
const { cleanup, onCleanup, startNodeChild } = await lib('proc.mjs');
const { Miniflare } = await import(path.join(PEERS_DIR, 'node_modules', 'miniflare', 'dist', 'src', 'index.js'));

const int = (name, def) => (process.env[name] === undefined ? def : Number(process.env[name]));
const JSON_N = int('ABL_JSON', 300);
const STREAMS = int('ABL_STREAMS', 20);
const ROUNDS = int('ABL_ROUNDS', 5);
const CONC_S = int('ABL_CONC_S', 2);
const BUILTINS = ['telemetry', 'governance', 'logging'];
const variants = (process.env.ABL_VARIANTS ?? ['floor', 'core', ...BUILTINS, 'all'].join(',')).split(',');
const fixtures = path.resolve(PEERS_DIR, '..', 'fixtures', 'providers', 'openai');

/** A variant id as a file, worker and upstream path name (`core@/some/tree` → `core__some_tree`). */
const label = (id) => id.replace(/\W/g, '_');
const work = mkdtempSync(path.join(os.tmpdir(), 'heimdall-ablation-'));
onCleanup(() => rmSync(work, { recursive: true, force: true }));
const SKIP = new Set(['node_modules', '.git', '.wrangler', 'dist', 'test-output', '.build', '.dev.vars']);

/** A copy of the working tree whose bundle holds only `names` of the plugins (all when undefined), its config's plugin entries dropped. */
function variantDir(id, names) {
  const dir = path.join(work, `src-${label(id)}`);
  const from = id.includes('@') ? path.resolve(id.slice(id.indexOf('@') + 1)) : repoRoot;
  cpSync(from, dir, { recursive: true, filter: (src) => src === from || !SKIP.has(path.basename(src)) });
  if (names) {
    const index = path.join(dir, 'plugins', 'index.ts');
    const kept = readFileSync(index, 'utf8')
      .split('\n')
      .filter((l) => !/^import \w+ from '\.\//.test(l) || names.some((n) => l.startsWith(`import ${n} from`)))
      .map((l) => (l.startsWith('export const bundledPlugins') ? `export const bundledPlugins: readonly PluginDefinition[] = [${names.join(', ')}];` : l));
    writeFileSync(index, kept.join('\n'));
    const config = JSON.parse(readFileSync(path.join(dir, 'config.json'), 'utf8'));
    config.plugins = [];
    writeFileSync(path.join(dir, 'config.json'), JSON.stringify(config, null, 2));
  }
  return dir;
}

const fx = loadFixtures(fixtures);
const { info: mock } = await startNodeChild(path.join(PEERS_DIR, 'lib', 'mock-upstream.mjs'), [fixtures]);
const messages = [{ role: 'user', content: 'Invent a new holiday and describe its traditions.' }];
const bodies = (model) => ({ bodyJson: Buffer.from(JSON.stringify({ model, messages })), bodyStream: Buffer.from(JSON.stringify({ model, messages, stream: true })) });
const bare = await buildPassthrough(work, path.join(PEERS_DIR, 'lib', 'passthrough-worker.js'));
const targets = [{ id: 'b', mf: { scriptPath: path.join(bare.dist, 'index.js'), modules: true, modulesRoot: bare.dist, compatibilityDate: '2026-04-20', compatibilityFlags: ['nodejs_compat'], bindings: { UPSTREAM_URL: `${mock.url}/b` } }, ...bodies('gpt-4.1-nano') }];
const cacheDir = path.join(os.tmpdir(), 'heimdall-bench-peers-cache');
for (const id of variants) {
  if (id === 'floor') {
    const floor = await buildPassthrough(path.join(work, 'floor'), path.join(repoRoot, 'bench', 'floor-worker.ts'));
    targets.push({ id, mf: { ...targets[0].mf, scriptPath: path.join(floor.dist, 'index.js'), modulesRoot: floor.dist, bindings: { UPSTREAM_URL: `${mock.url}/floor` } }, ...bodies('openai/gpt-4.1-nano') });
    continue;
  }
  const base = id.split('@')[0];
  const names = base === 'all' ? undefined : base === 'core' ? [] : [base];
  const built = await buildHeimdall({ srcDir: variantDir(id, names), workDir: work, cacheDir, name: `h-${label(id)}`, upstreamBase: `${mock.url}/${label(id)}` });
  targets.push({ id, mf: built.mf, ...bodies('openai/gpt-4.1-nano') });
}

const live = [];
for (const t of targets) {
  const before = childWorkerds();
  const mf = new Miniflare({ name: `ablation-${label(t.id)}`, host: '127.0.0.1', port: 0, cf: false, handleRuntimeStdio: () => {}, ...t.mf });
  onCleanup(() => mf.dispose());
  const url = await mf.ready;
  const pid = [...childWorkerds()].find((p) => !before.has(p));
  live.push({ ...t, url: url.origin, path: '/v1/chat/completions', headers: { 'content-type': 'application/json', authorization: 'Bearer sk-ablation' }, pid, cpu: { json: 0, stream: 0, conc: 0 }, n: { json: 0, stream: 0, conc: 0 }, concS: 0, lat: { ttfb: [], total: [] }, sse: { ttfb: [], total: [] } });
}
const problems = new Problems();
const agents = Object.fromEntries(live.map((t) => [t.id, { one: newAgent(1), many: newAgent(32) }]));
/** Runs `fn` against `t` and charges the CPU its workerd used until idle again to `kind`. */
const block = async (t, kind, fn) => {
  const c0 = cpuMs(t.pid);
  const n = await fn();
  await settle(t.pid);
  t.cpu[kind] += cpuMs(t.pid) - c0;
  t.n[kind] += n;
};
for (const t of live) {
  await sequentialBlock(agents[t.id].one, t, false, 150, Infinity, { ttfb: [], total: [] }, problems, fx);
  await sequentialBlock(agents[t.id].one, t, true, 20, Infinity, { ttfb: [], total: [] }, problems, fx);
  await settle(t.pid);
}
for (let r = 0; r < ROUNDS; r++) {
  for (const t of live.map((_, i) => live[(i + r) % live.length])) {
    await block(t, 'json', () => sequentialBlock(agents[t.id].one, t, false, JSON_N, Infinity, t.lat, problems, fx));
    await block(t, 'stream', () => sequentialBlock(agents[t.id].one, t, true, STREAMS, Infinity, t.sse, problems, fx));
    if (CONC_S > 0) {
      await block(t, 'conc', async () => {
        const { completed, seconds } = await concurrentBlock(agents[t.id].many, t, 32, CONC_S, { total: [] }, problems, fx);
        t.concS += seconds;
        return completed;
      });
    }
  }
}

const per = (t, k) => t.cpu[k] / t.n[k];
const b = live[0];
const f = (x, d = 3) => (Number.isFinite(x) ? x.toFixed(d) : '—');
console.log(`# Ablation: where Heimdall's cost sits (${ROUNDS} rounds; load at end ${os.loadavg().map((x) => x.toFixed(2)).join(' ')})\n`);
console.log('| target | CPU/JSON, sequential, over b (ms) | latency p50 over b (ms) | CPU/req c=32 over b (ms) | throughput c=32 (× b) | CPU per stream (ms) | stream body p50 over b (ms) |');
console.log('|---|---|---|---|---|---|---|');
const body = (t) => pct(t.sse.total.map((x, i) => x - t.sse.ttfb[i]), 50);
for (const t of live) {
  const rps = t.n.conc / t.concS / (b.n.conc / b.concS);
  console.log(`| ${t.id} | ${f(per(t, 'json') - per(b, 'json'))} | ${f(pct(t.lat.total, 50) - pct(b.lat.total, 50))} | ${f(per(t, 'conc') - per(b, 'conc'))} | ${f(rps, 2)} | ${f(per(t, 'stream'), 2)} | ${f(body(t) - body(b))} |`);
}
console.log(`\nBad responses: ${problems.count}${problems.count ? ` (first: ${problems.samples[0]})` : ''}`);
for (const a of Object.values(agents)) {
  a.one.destroy();
  a.many.destroy();
}
await cleanup();
process.exit(problems.count ? 1 : 0);
