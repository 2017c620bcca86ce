// CPU per gateway request inside workerd, with nothing else in the way: bench/loop-entry.ts runs K
// sequential requests through createGateway (no plugins) against a fake upstream replaying the
// recorded fixtures, and workerd's CPU is read from /proc around each round. Several project trees
// (this one by default, or e.g. `git worktree`s of older commits) run interleaved in one process
// each, so a change is measured against its baseline in the same run; the median round is reported.
//   node bench/loop.mjs [dir…]      LOOP_MODE=stream|json  LOOP_K=100 (per round: 4 calls of K)  LOOP_ROUNDS=10
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadFixtures } from './mock-upstream.mjs';
import { PEERS_DIR } from './peers.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const { Miniflare } = await import(path.join(PEERS_DIR, 'node_modules', 'miniflare', 'dist', 'src', 'index.js'));
const { childWorkerds, cpuMs, settle } = await import(path.join(PEERS_DIR, 'lib', 'cpu.mjs'));
const esbuild = await import('esbuild');

const MODE = process.env.LOOP_MODE ?? 'stream';
const K = Number(process.env.LOOP_K ?? (MODE === 'stream' ? 100 : 500));
const ROUNDS = Number(process.env.LOOP_ROUNDS ?? 10);
const dirs = process.argv.length > 2 ? process.argv.slice(2).map((d) => path.resolve(d)) : [path.resolve(here, '..')];
const fx = loadFixtures();
const work = mkdtempSync(path.join(os.tmpdir(), 'heimdall-loop-'));

const targets = [];
try {
  for (const [i, dir] of dirs.entries()) {
    // The entry is this tree's, copied into each tree so it imports that tree's gateway.
    const entry = path.join(dir, 'bench', `loop-entry.${process.pid}.ts`);
    cpSync(path.join(here, 'loop-entry.ts'), entry);
    const out = path.join(work, String(i), 'worker.mjs');
    try {
      await esbuild.build({ entryPoints: [entry], outfile: out, bundle: true, format: 'esm', platform: 'neutral', target: 'es2022', minify: true, conditions: ['workerd', 'worker', 'browser'], mainFields: ['module', 'main'], external: ['cloudflare:*', 'node:*'], logLevel: 'error' });
    } finally {
      rmSync(entry, { force: true });
    }
    const before = childWorkerds();
    const mf = new Miniflare({
      scriptPath: out, modules: true, modulesRoot: path.dirname(out), compatibilityDate: '2026-04-20', compatibilityFlags: ['nodejs_compat', 'enable_request_signal'],
      host: '127.0.0.1', port: 0, handleRuntimeStdio: () => {}, bindings: { FIXTURE_JSON: fx.json.toString('utf8'), FIXTURE_SSE: fx.sse.toString('utf8') },
    });
    const url = await mf.ready;
    targets.push({ dir, mf, url: url.href, pid: [...childWorkerds()].find((p) => !before.has(p)), perRequest: [] });
  }
  const call = async (t) => {
    const res = await fetch(`${t.url}?n=${K}&stream=${MODE === 'stream' ? 1 : 0}`);
    const text = await res.text();
    if (res.status !== 200) throw new Error(`${t.dir}: ${text.slice(0, 300)}`);
  };
  for (const t of targets) await call(t); // warm-up
  for (let r = 0; r < ROUNDS; r++) {
    for (const t of targets) {
      await settle(t.pid, { quietMs: 200 });
      const c0 = cpuMs(t.pid);
      for (let k = 0; k < 4; k++) await call(t);
      await settle(t.pid, { quietMs: 200 });
      t.perRequest.push(((cpuMs(t.pid) - c0) * 1000) / (4 * K));
    }
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  console.log(`workerd CPU per ${MODE === 'stream' ? '303-event streamed' : 'JSON'} request, ${ROUNDS} interleaved rounds of ${4 * K}:`);
  for (const t of targets) console.log(`  ${t.dir}: median ${median(t.perRequest).toFixed(0)} µs  [${t.perRequest.map((x) => x.toFixed(0)).join(' ')}]`);
} finally {
  for (const t of targets) await t.mf.dispose();
  rmSync(work, { recursive: true, force: true });
}
