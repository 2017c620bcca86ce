// CPU per gateway request inside workerd, with nothing else in the way: bench/loop-entry.ts runs K
// sequential requests through createGateway (no plugins, or LOOP_LOGGING=1: the logging built-in on a
// local D1, its flushes inside the measured rounds) against a fake upstream replaying the
// recorded fixtures, and workerd's CPU is read from /proc around each round. Several project trees
// (this one by default, or e.g. `git worktree`s of older commits) run interleaved in one process
// each, so a change is measured against its baseline in the same run; the median round is reported.
// LOOP_API=messages: an Anthropic Messages client against an Anthropic upstream (its recorded text answer).
//   node bench/loop.mjs [dir…]      LOOP_MODE=stream|json  LOOP_K=100 (per round: 4 calls of K)  LOOP_ROUNDS=10  LOOP_LOGGING=1  LOOP_API=messages
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildLoopWorker, loopWorkerOptions, migratedD1 } from './loop-worker.mjs';
import { loadFixtures } from './mock-upstream.mjs';
import { PEERS_DIR } from './peers.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const { Miniflare } = await import(path.join(PEERS_DIR, 'node_modules', 'miniflare', 'dist', 'src', 'index.js'));
const { childWorkerds, cpuMs, settle } = await import(path.join(PEERS_DIR, 'lib', 'cpu.mjs'));

const MODE = process.env.LOOP_MODE ?? 'stream';
const K = Number(process.env.LOOP_K ?? (MODE === 'stream' ? 100 : 500));
const ROUNDS = Number(process.env.LOOP_ROUNDS ?? 10);
const LOGGING = process.env.LOOP_LOGGING === '1';
// Past the logging built-in's 500 ms flush window, so a round's rows are written inside the round.
const QUIET_MS = LOGGING ? 800 : 200;
const dirs = process.argv.length > 2 ? process.argv.slice(2).map((d) => path.resolve(d)) : [path.resolve(here, '..')];
const API = process.env.LOOP_API === 'messages' ? 'messages' : 'chat';
const fx = API === 'messages' ? anthropicFixtures() : loadFixtures();

/** Anthropic's recorded text answer, and its stream as the API sends it (`event:` and `data:` lines). */
function anthropicFixtures() {
  const dir = path.resolve(here, '..', '..', 'shared', 'fixtures', 'providers', 'anthropic');
  const lines = readFileSync(path.join(dir, 'anthropic-text.chunks.txt'), 'utf8').split('\n').filter((l) => l.trim() !== '');
  const sse = lines.map((l) => `event: ${JSON.parse(l).type}\ndata: ${l}\n\n`).join('');
  return { json: Buffer.from(JSON.stringify(JSON.parse(readFileSync(path.join(dir, 'anthropic-text.json'), 'utf8')))), sse: Buffer.from(sse), chunkCount: lines.length };
}
const work = mkdtempSync(path.join(os.tmpdir(), 'heimdall-loop-'));

const targets = [];
try {
  for (const [i, dir] of dirs.entries()) {
    const out = path.join(work, String(i), 'worker.mjs');
    await buildLoopWorker(dir, out);
    const before = childWorkerds();
    const mf = new Miniflare({
      ...loopWorkerOptions(dir, out, fx, { api: API, logging: LOGGING }),
      ...(LOGGING ? migratedD1(dir, path.join(work, String(i), 'state')) : {}),
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
      await settle(t.pid, { quietMs: QUIET_MS });
      const c0 = cpuMs(t.pid);
      for (let k = 0; k < 4; k++) await call(t);
      await settle(t.pid, { quietMs: QUIET_MS });
      t.perRequest.push(((cpuMs(t.pid) - c0) * 1000) / (4 * K));
    }
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  console.log(`workerd CPU per ${API === 'messages' ? 'Messages API' : 'chat completions'} ${MODE === 'stream' ? `${fx.chunkCount}-event streamed` : 'JSON'} request, ${ROUNDS} interleaved rounds of ${4 * K}:`);
  for (const t of targets) {
    // Every request's row is there, or the rounds did not measure the writes.
    const rows = LOGGING ? `, ${(await (await t.mf.getD1Database('DB')).prepare('SELECT count(*) AS n FROM logs').first()).n} log rows` : '';
    console.log(`  ${t.dir}: median ${median(t.perRequest).toFixed(0)} µs  [${t.perRequest.map((x) => x.toFixed(0)).join(' ')}]${rows}`);
  }
} finally {
  for (const t of targets) await t.mf.dispose();
  rmSync(work, { recursive: true, force: true });
}
