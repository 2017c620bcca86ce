// Where the gateway's CPU goes, by function and by source file: a V8 CPU profile, over workerd's
// inspector, of bench/loop-entry.ts (K sequential requests through createGateway on the recorded
// fixtures, no network), bundled unminified so every frame maps back to its src/ or plugins/ file.
// Sampling weighs natives (Request, Headers, JSON) heavier than their real cost: read it for the
// order of the costs, and weigh a change with bench/loop.mjs or bench/ablation.mjs.
//   node bench/profile.mjs [dir]    LOOP_MODE=json|stream  PROFILE_CALLS=20  LOOP_K=500 (100 streamed)  TOP=40  LOOP_LOGGING=1
//   PROFILE_KIND=alloc: sampled allocations (bytes, by the allocating function) instead of CPU; garbage is
//   what the collector's share of the CPU profile pays for.
// Writes bench/.build/profile-<mode>.cpuprofile or .heapprofile (both open in Chrome DevTools).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildLoopWorker, loopWorkerOptions, migratedD1 } from './loop-worker.mjs';
import { loadFixtures } from './mock-upstream.mjs';
import { PEERS_DIR } from './peers.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const { Miniflare } = await import(path.join(PEERS_DIR, 'node_modules', 'miniflare', 'dist', 'src', 'index.js'));
const { default: WebSocket } = await import(path.join(PEERS_DIR, 'node_modules', 'ws', 'index.js'));

const MODE = process.env.LOOP_MODE === 'stream' ? 'stream' : 'json';
const K = Number(process.env.LOOP_K ?? (MODE === 'stream' ? 100 : 500));
const CALLS = Number(process.env.PROFILE_CALLS ?? 20);
const TOP = Number(process.env.TOP ?? 40);
const LOGGING = process.env.LOOP_LOGGING === '1';
const ALLOC = process.env.PROFILE_KIND === 'alloc';
const dir = path.resolve(process.argv[2] ?? path.join(here, '..'));
const buildDir = path.join(here, '.build');
mkdirSync(buildDir, { recursive: true });
rmSync(path.join(buildDir, 'profile-state'), { recursive: true, force: true });
const out = path.join(buildDir, 'profile-worker.mjs');
await buildLoopWorker(dir, out, { minify: false });

/** A port nobody listens on, for the inspector. */
const freePort = () => new Promise((resolve) => {
  const s = net.createServer().listen(0, '127.0.0.1', () => {
    const { port } = s.address();
    s.close(() => resolve(port));
  });
});
const inspectorPort = await freePort();
const mf = new Miniflare({ ...loopWorkerOptions(dir, out, loadFixtures(), { logging: LOGGING }), inspectorPort, ...(LOGGING ? migratedD1(dir, path.join(buildDir, 'profile-state')) : {}) });
try {
  const url = await mf.ready;
  const call = async () => {
    const res = await fetch(`${url.href}?n=${K}&stream=${MODE === 'stream' ? 1 : 0}`);
    const text = await res.text();
    if (res.status !== 200) throw new Error(text.slice(0, 300));
  };
  for (let i = 0; i < 3; i++) await call(); // JIT warm-up, outside the profile

  const [target] = await (await fetch(`http://127.0.0.1:${inspectorPort}/json`)).json();
  const ws = new WebSocket(target.webSocketDebuggerUrl);
  await new Promise((resolve, reject) => ws.once('open', resolve).once('error', reject));
  let nextId = 0;
  const replies = new Map();
  ws.on('message', (data) => {
    const msg = JSON.parse(data);
    replies.get(msg.id)?.(msg);
    replies.delete(msg.id);
  });
  const cdp = (method, params = {}) => new Promise((resolve) => {
    const id = ++nextId;
    replies.set(id, resolve);
    ws.send(JSON.stringify({ id, method, params }));
  });
  const lines = readFileSync(out, 'utf8').split('\n');
  if (ALLOC) {
    // Sampled allocations (V8's sampling heap profiler): bytes allocated, by the function that allocated them.
    await cdp('HeapProfiler.enable');
    await cdp('HeapProfiler.startSampling', { samplingInterval: 256 });
    for (let i = 0; i < CALLS; i++) await call();
    const { result } = await cdp('HeapProfiler.stopSampling');
    const file = path.join(buildDir, `profile-${MODE}.heapprofile`);
    writeFileSync(file, JSON.stringify(result.profile));
    const frames = [];
    const walk = (node) => {
      if (node.selfSize > 0) frames.push([node.callFrame, node.selfSize]);
      for (const child of node.children) walk(child);
    };
    walk(result.profile.head);
    report(frames, lines, `Sampled allocations of ${CALLS} × ${K} ${MODE} requests through ${dir}, by bytes; ${file}`);
  } else {
    await cdp('Profiler.enable');
    await cdp('Profiler.setSamplingInterval', { interval: 50 });
    await cdp('Profiler.start');
    for (let i = 0; i < CALLS; i++) await call();
    const { result } = await cdp('Profiler.stop');
    const file = path.join(buildDir, `profile-${MODE}.cpuprofile`);
    writeFileSync(file, JSON.stringify(result.profile));
    const nodes = new Map(result.profile.nodes.map((n) => [n.id, n.callFrame]));
    report(result.profile.samples.map((id) => [nodes.get(id), 1]), lines, `CPU profile of ${CALLS} × ${K} ${MODE} requests through ${dir}: ${result.profile.samples.length} samples at 50 µs; ${file}`);
  }
  ws.close();
} finally {
  await mf.dispose();
}

/** Weight (samples or bytes) per function and per source file; a bundle line belongs to the module whose `// path` comment precedes it. */
function report(frames, lines, title) {
  const moduleAt = [];
  let current = '(entry)';
  for (const line of lines) {
    const m = /^\/\/ ((?:src|plugins|bench|node_modules)\/\S+)$/.exec(line);
    if (m) current = m[1];
    moduleAt.push(current);
  }
  const byFunction = new Map();
  const byFile = new Map();
  const add = (map, key, weight) => map.set(key, (map.get(key) ?? 0) + weight);
  let total = 0;
  for (const [{ functionName, url, lineNumber }, weight] of frames) {
    // Frames of other scripts (the runtime's own JS, e.g. the D1 binding's client) are named by their URL.
    const ours = url.endsWith(path.basename(out));
    const where = ours ? (moduleAt[lineNumber] ?? '?').replace(/\.\d+\.ts$/, '.ts') : url || (functionName.startsWith('(') ? functionName : '(native)');
    add(byFunction, `${functionName || '(anonymous)'}  ${where}${ours ? `:${lineNumber + 1}` : ''}`, weight);
    add(byFile, where, weight);
    total += weight;
  }
  const table = (heading, map) => {
    console.log(`\n${heading}\n`);
    for (const [key, weight] of [...map].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(`${((100 * weight) / total).toFixed(1).padStart(6)} %  ${key}`);
  };
  console.log(title);
  table(`By function (top ${TOP}; bundle line numbers in ${path.relative(process.cwd(), out)})`, byFunction);
  table('By source file', byFile);
}
