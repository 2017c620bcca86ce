#!/usr/bin/env node
// Heimdall benchmark: `node bench/run.mjs` (npm run bench). See bench/README.md.
//
// Targets, all on 127.0.0.1:
//   (a) the Node mock upstream, called directly          — the floor
//   (b) a bare pass-through Worker in Miniflare → mock   — what the Worker runtime costs
//   (c) Heimdall in Miniflare, 0 plugins → mock           — what the gateway costs
//   (d) Heimdall in Miniflare, 10 no-op plugins → mock    — what the plugin pipeline adds
//   (e) Heimdall + semantic_cache (exact mode), every request a hit — what a cache hit costs
//   (f) the same, every request a miss (x-bf-cache-no-store) → mock — the baseline for (e)
//   (g) Heimdall + otel exporting to a collector that answers      — what tracing costs
//   (h) the same, the collector answers 500; (i) it never answers   — a dead collector must cost nothing
// plus an in-process microbenchmark of the pipeline runner alone.
//
// Environment: BENCH_REQUESTS (default 2000), BENCH_STREAM_REQUESTS (min(BENCH_REQUESTS, 500)),
// BENCH_WARMUP (200), BENCH_CONCURRENCY (8), BENCH_SERIES_MAX_S (60), BENCH_TIMEOUT_MS (300000),
// BENCH_MICRO_ITERATIONS (20000), BENCH_SKIP_MICRO=1.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { peersMissing, runPeers } from './peers.mjs';

const benchDir = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(benchDir, '..');
const buildDir = path.join(benchDir, '.build');

const intEnv = (name, def, min = 1) => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be an integer >= ${min}, got "${raw}"`);
  return n;
};
const N = intEnv('BENCH_REQUESTS', 2000);
// A streamed request through the gateway is ~50x slower than a non-streamed one (see README), so
// the streaming series is shorter by default; p99 of 500 samples is still the 5th-worst.
const N_STREAM = intEnv('BENCH_STREAM_REQUESTS', Math.min(N, 500));
const WARMUP = intEnv('BENCH_WARMUP', 200, 0);
// Every series (warm-ups included) also stops after this many seconds; the report flags a cut.
const SERIES_MAX_MS = intEnv('BENCH_SERIES_MAX_S', 60) * 1000;
const CONCURRENCY = intEnv('BENCH_CONCURRENCY', 8);
const TIMEOUT_MS = intEnv('BENCH_TIMEOUT_MS', 300_000);
const MICRO_ITERATIONS = intEnv('BENCH_MICRO_ITERATIONS', 20_000);
const SKIP_MICRO = process.env.BENCH_SKIP_MICRO === '1';
const COMPAT_DATE = '2026-04-20'; // workerd 1.20260426 (pinned by miniflare 4.20260426) supports up to 2026-05-03
const PER_REQUEST_TIMEOUT_MS = 10_000;

// ---------------------------------------------------------------------------------------------
// Cleanup and the global time bound

const cleanups = [];
let cleaningUp;
function cleanup() {
  cleaningUp ??= (async () => {
    for (const fn of cleanups.reverse()) {
      try {
        await fn();
      } catch (err) {
        console.error(`cleanup: ${err?.message ?? err}`);
      }
    }
  })();
  return cleaningUp;
}
// What has been measured so far, so a run cut short still reports it.
const state = { results: [], failures: [], micro: undefined, meta: undefined, aborted: undefined };
async function abort(message, code) {
  if (state.aborted) return;
  state.aborted = message;
  console.error(`\nbench: ${message}; stopping`);
  await Promise.race([cleanup(), new Promise((r) => setTimeout(r, 5000).unref())]);
  if (state.meta) console.log(report(state.results, state.failures, state.micro, state.meta));
  process.exit(code);
}
const globalTimer = setTimeout(() => abort(`global timeout of ${TIMEOUT_MS} ms reached`, 2), TIMEOUT_MS);
process.once('SIGINT', () => abort('interrupted', 130));
process.once('SIGTERM', () => abort('terminated', 143));

// ---------------------------------------------------------------------------------------------
// Build

async function buildAll() {
  mkdirSync(buildDir, { recursive: true });
  const esbuild = await import('esbuild');
  const worker = {
    bundle: true,
    format: 'esm',
    platform: 'neutral',
    target: 'es2022',
    minify: true,
    conditions: ['workerd', 'worker', 'browser'],
    mainFields: ['module', 'main'],
    logLevel: 'warning',
    metafile: true,
  };
  const out = {
    passthrough: path.join(buildDir, 'passthrough-worker.mjs'),
    gateway: path.join(buildDir, 'gateway-worker.mjs'),
    micro: path.join(buildDir, 'pipeline-micro.mjs'),
  };
  const [pt, gw] = await Promise.all([
    esbuild.build({ ...worker, entryPoints: [path.join(benchDir, 'passthrough-worker.ts')], outfile: out.passthrough }),
    esbuild.build({ ...worker, entryPoints: [path.join(benchDir, 'gateway-entry.ts')], outfile: out.gateway }),
    esbuild.build({
      entryPoints: [path.join(benchDir, 'pipeline-micro.ts')],
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      outfile: out.micro,
      logLevel: 'warning',
    }),
  ]);
  const size = (r) => Object.values(r.metafile.outputs).reduce((s, o) => s + o.bytes, 0);
  return { out, sizes: { passthrough: size(pt), gateway: size(gw) } };
}

// ---------------------------------------------------------------------------------------------
// Processes: the mock (a child process, so it never shares the load generator's event loop) and
// the Miniflare instances.

async function startMock() {
  const child = spawn(process.execPath, [path.join(benchDir, 'mock-upstream.mjs'), '--exit-with-parent'], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  cleanups.push(
    () =>
      new Promise((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
          resolve();
        }, 3000).unref();
      }),
  );
  return new Promise((resolve, reject) => {
    let buf = '';
    const onData = (d) => {
      buf += d;
      const nl = buf.indexOf('\n');
      if (nl < 0) return;
      child.stdout.off('data', onData);
      try {
        resolve(JSON.parse(buf.slice(0, nl)));
      } catch (err) {
        reject(new Error(`mock upstream printed ${JSON.stringify(buf.slice(0, nl))}: ${err.message}`));
      }
    };
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', onData);
    child.once('exit', (code, sig) => reject(new Error(`mock upstream exited early (code ${code}, signal ${sig})`)));
    child.once('error', reject);
  });
}

/** Keeps the last lines a workerd process printed, to show when a target fails. */
function stdioTail(limit = 40) {
  const lines = [];
  let count = 0;
  const take = (stream) => {
    stream.setEncoding('utf8');
    let rest = '';
    stream.on('data', (d) => {
      const parts = (rest + d).split('\n');
      rest = parts.pop();
      for (const l of parts) {
        count++;
        lines.push(l);
        if (lines.length > limit) lines.shift();
      }
    });
  };
  return { handle: (out, err) => (take(out), take(err)), lines, count: () => count };
}

async function startWorker(Miniflare, name, scriptPath, bindings, options = {}) {
  const stdio = stdioTail();
  const mf = new Miniflare({
    name,
    scriptPath,
    modules: true,
    compatibilityDate: COMPAT_DATE,
    compatibilityFlags: ['nodejs_compat'],
    bindings,
    host: '127.0.0.1',
    port: 0,
    cf: false,
    handleRuntimeStdio: stdio.handle,
    ...options,
  });
  cleanups.push(() => mf.dispose());
  const url = await mf.ready;
  return { mf, url: url.origin, stdio };
}

// ---------------------------------------------------------------------------------------------
// Load generation: plain node:http with keep-alive agents.

const PATH = '/v1/chat/completions';
const MESSAGES = [{ role: 'user', content: 'Invent a new holiday and describe its traditions.' }];
const BODY_JSON = Buffer.from(JSON.stringify({ model: 'openai/gpt-4.1-nano', messages: MESSAGES }));
const BODY_STREAM = Buffer.from(JSON.stringify({ model: 'openai/gpt-4.1-nano', messages: MESSAGES, stream: true }));
const DONE = Buffer.from('data: [DONE]\n\n');

const ns = () => process.hrtime.bigint();
const ms = (a, b) => Number(b - a) / 1e6;

/**
 * One POST. Resolves {status, ttfb, total, bytes, tail, body?}; ttfb is the first body byte
 * (for SSE, the first event), total the end of the body, both in ms from just before the request.
 */
/**
 * `target`: { url, headers?, streamHeaders? }: extra request headers, e.g. the cache series'
 * no-store, and extra ones for streaming requests only.
 */
function post(agent, target, body, keepBody = false) {
  return new Promise((resolve, reject) => {
    const t0 = ns();
    const req = http.request(
      target.url + PATH,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': body.length, authorization: 'Bearer sk-bench-client', ...target.headers, ...(body === BODY_STREAM ? target.streamHeaders : undefined) },
        timeout: PER_REQUEST_TIMEOUT_MS,
      },
      (res) => {
        let t1;
        let bytes = 0;
        let tail = Buffer.alloc(0);
        const parts = keepBody ? [] : undefined;
        res.on('data', (chunk) => {
          t1 ??= ns();
          bytes += chunk.length;
          tail = chunk.length >= 64 ? chunk.subarray(chunk.length - 64) : Buffer.concat([tail, chunk]).subarray(-64);
          parts?.push(chunk);
        });
        res.on('end', () => {
          const t2 = ns();
          resolve({
            status: res.statusCode,
            contentType: res.headers['content-type'] ?? '',
            cacheStatus: res.headers['x-bf-cache-status'],
            ttfb: ms(t0, t1 ?? t2),
            total: ms(t0, t2),
            bytes,
            tail,
            body: parts && Buffer.concat(parts).toString('utf8'),
          });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`no answer within ${PER_REQUEST_TIMEOUT_MS} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

/** `target.cache`: the x-bf-cache-status every timed response must carry (the cache series). */
function checkOk(r, stream, target = {}) {
  if (r.status !== 200) return `HTTP ${r.status}`;
  if (target.cache && r.cacheStatus !== target.cache) return `x-bf-cache-status "${r.cacheStatus}", expected "${target.cache}"`;
  if (stream) {
    if (!r.contentType.startsWith('text/event-stream')) return `content-type "${r.contentType}"`;
    if (!r.tail.subarray(-DONE.length).equals(DONE)) return `stream did not end with "data: [DONE]" (…${JSON.stringify(r.tail.toString())})`;
  } else if (r.tail[r.tail.length - 1] !== 0x7d /* } */) {
    return `body does not end with "}" (…${JSON.stringify(r.tail.toString())})`;
  }
  return undefined;
}

/** A full check of one response of each kind before anything is timed. */
async function probe(target, mockChunks) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  try {
    const a = await post(agent, target, BODY_JSON, true);
    if (a.status !== 200) throw new Error(`non-streaming: HTTP ${a.status}: ${a.body.slice(0, 600)}`);
    const json = JSON.parse(a.body);
    const content = json?.choices?.[0]?.message?.content;
    if (typeof content !== 'string' || content.length < 100) throw new Error(`non-streaming: no completion text in ${a.body.slice(0, 600)}`);
    const s = await post(agent, target, BODY_STREAM, true);
    if (s.status !== 200) throw new Error(`streaming: HTTP ${s.status}: ${s.body.slice(0, 600)}`);
    const problem = checkOk(s, true);
    if (problem) throw new Error(`streaming: ${problem}`);
    const events = s.body.split('\n\n').filter((e) => e.startsWith('data: ')).length;
    if (events < mockChunks / 2) throw new Error(`streaming: only ${events} SSE events (mock sends ${mockChunks + 1})`);
    return { jsonBytes: a.bytes, sseBytes: s.bytes, sseEvents: events };
  } finally {
    agent.destroy();
  }
}

async function sequential(target, body, stream, count) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const ttfb = new Float64Array(count);
  const total = new Float64Array(count);
  const errors = [];
  const deadline = Date.now() + SERIES_MAX_MS;
  let i = 0;
  try {
    for (; i < count && Date.now() < deadline; i++) {
      const r = await post(agent, target, body);
      ttfb[i] = r.ttfb;
      total[i] = r.total;
      const problem = checkOk(r, stream, target);
      if (problem) errors.push(problem);
    }
  } finally {
    agent.destroy();
  }
  return { ttfb: ttfb.subarray(0, i), total: total.subarray(0, i), errors, n: i, cut: i < count };
}

async function concurrent(target, body, stream, count, concurrency) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const errors = [];
  let next = 0;
  const t0 = ns();
  const deadline = Date.now() + SERIES_MAX_MS;
  try {
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < count && Date.now() < deadline) {
          next++;
          const r = await post(agent, target, body);
          const problem = checkOk(r, stream, target);
          if (problem) errors.push(problem);
        }
      }),
    );
  } finally {
    agent.destroy();
  }
  const seconds = ms(t0, ns()) / 1000;
  return { rps: next / seconds, errors, n: next, cut: next < count };
}

function pct(sorted, p) {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}
const stats = (xs) => {
  const s = Float64Array.from(xs).sort();
  return { p50: pct(s, 50), p99: pct(s, 99), mean: s.reduce((a, b) => a + b, 0) / s.length };
};

async function measure(target, mockChunks) {
  const t0 = Date.now();
  const info = await probe(target, mockChunks);
  const errors = [];
  const cuts = [];
  const note = (what, run) => {
    if (run.errors.length) errors.push(`${what}: ${run.errors.length} bad responses, first: ${run.errors[0]}`);
    if (run.cut) cuts.push(`${what} stopped at ${run.n} requests (BENCH_SERIES_MAX_S)`);
    return run;
  };

  // Warm-ups also let the cache series settle (the probe's answers are stored in waitUntil): they do not check the cache status.
  const warm = { ...target, cache: undefined };
  if (WARMUP) note('warm-up', await sequential(warm, BODY_JSON, false, WARMUP));
  const json = note('non-streaming', await sequential(target, BODY_JSON, false, N));
  const conc = note(`concurrency ${CONCURRENCY}`, await concurrent(target, BODY_JSON, false, N, CONCURRENCY));
  if (WARMUP) note('stream warm-up', await sequential(warm, BODY_STREAM, true, WARMUP));
  const sse = note('streaming', await sequential(target, BODY_STREAM, true, N_STREAM));

  return {
    ...target,
    info,
    latency: stats(json.total),
    rps: conc.rps,
    ttfb: stats(sse.ttfb),
    streamTotal: stats(sse.total),
    n: { json: json.n, conc: conc.n, sse: sse.n },
    errors,
    cuts,
    seconds: (Date.now() - t0) / 1000,
  };
}

// ---------------------------------------------------------------------------------------------
// Report

const f2 = (x) => (Number.isFinite(x) ? x.toFixed(2) : '—');
const f3 = (x) => (Number.isFinite(x) ? x.toFixed(3) : '—');
const fx = (x) => (Number.isFinite(x) ? `${x.toFixed(2)}×` : '—');

function table(headers, rows, align) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) =>
    '| ' + cells.map((c, i) => (align[i] === 'l' ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join(' | ') + ' |';
  return [line(headers), '|' + widths.map((w, i) => (align[i] === 'l' ? ':' : '-') + '-'.repeat(w) + (align[i] === 'l' ? '-' : ':')).join('|') + '|', ...rows.map(line)].join('\n');
}

function report(results, failures, micro, meta) {
  const out = [];
  out.push('# Heimdall benchmark', '');
  if (state.aborted) out.push(`**Incomplete: ${state.aborted}. Partial results below.**`, '');
  out.push(
    `node ${process.version}, miniflare ${meta.miniflareVersion}, ${os.cpus()[0]?.model ?? 'cpu?'} × ${os.cpus().length}, ${os.platform()} ${os.release()}`,
  );
  out.push(
    `Per target: ${WARMUP} warm-up, then ${N} sequential keep-alive requests (latency), ${N} at concurrency ${CONCURRENCY} (throughput), ` +
      `${WARMUP} streaming warm-up and ${N_STREAM} sequential streaming requests (TTFB = first body byte).`,
  );
  out.push(
    `Upstream: mock replaying openai-text.json (${meta.probe?.jsonBytes ?? '?'} B) and openai-text.chunks.txt (${meta.mockChunks} chunks + [DONE], ${meta.probe?.sseBytes ?? '?'} B SSE).`,
  );
  out.push(`Bundles (minified): pass-through ${(meta.sizes.passthrough / 1024).toFixed(1)} KiB, gateway ${(meta.sizes.gateway / 1024).toFixed(1)} KiB.`);
  out.push('');
  out.push('## Latency and throughput (ms unless noted)', '');
  out.push(
    table(
      ['target', 'p50', 'p99', 'req/s (c=' + CONCURRENCY + ')', 'stream TTFB p50', 'TTFB p99', 'stream total p50', 'total p99'],
      results.map((r) => [r.label, f3(r.latency.p50), f3(r.latency.p99), r.rps.toFixed(0), f3(r.ttfb.p50), f3(r.ttfb.p99), f3(r.streamTotal.p50), f3(r.streamTotal.p99)]),
      ['l', 'r', 'r', 'r', 'r', 'r', 'r', 'r'],
    ),
  );
  out.push('');
  const by = Object.fromEntries(results.map((r) => [r.id, r]));
  const ratioRows = [];
  for (const id of ['c', 'd']) {
    const r = by[id];
    if (!r) continue;
    for (const [metric, get] of [
      ['latency p50', (x) => x.latency.p50],
      ['stream TTFB p50', (x) => x.ttfb.p50],
      ['stream total p50', (x) => x.streamTotal.p50],
      ['throughput', (x) => x.rps],
    ]) {
      const v = get(r);
      const rel = (base) => (base ? fx(v / get(base)) : '—');
      const diff = (base) => {
        if (!base) return '—';
        const d = v - get(base);
        return metric === 'throughput' ? `${d >= 0 ? '+' : ''}${d.toFixed(0)} req/s` : `${d >= 0 ? '+' : ''}${f3(d)} ms`;
      };
      ratioRows.push([r.label, metric, rel(by.a), rel(by.b), diff(by.b), id === 'd' ? rel(by.c) : '', id === 'd' ? diff(by.c) : '']);
    }
  }
  if (ratioRows.length) {
    out.push('## Ratios (p50; throughput as a ratio of req/s)', '');
    out.push(table(['target', 'metric', 'vs (a)', 'vs (b)', 'minus (b)', 'vs (c)', 'minus (c)'], ratioRows, ['l', 'l', 'r', 'r', 'r', 'r', 'r']));
    out.push('');
    if (by.b) {
      for (const id of ['c', 'd']) {
        const r = by[id];
        if (!r) continue;
        const perEvent = ((r.streamTotal.p50 - by.b.streamTotal.p50) * 1000) / r.info.sseEvents;
        out.push(`Streaming cost of ${r.label} over (b): ${perEvent.toFixed(1)} µs per SSE event (stream total p50 difference / ${r.info.sseEvents} events).`);
      }
      out.push('');
    }
  }
  if (by.e && by.f) {
    out.push('## Semantic cache (exact mode, KV): hit against miss, same run', '');
    const rows = [
      ['latency p50', by.e.latency.p50, by.f.latency.p50],
      ['stream TTFB p50', by.e.ttfb.p50, by.f.ttfb.p50],
      ['stream total p50', by.e.streamTotal.p50, by.f.streamTotal.p50],
    ].map(([metric, hit, miss]) => [metric, f3(hit), f3(miss), fx(hit / miss), `${f3(hit - miss)} ms`]);
    rows.push(['throughput (req/s)', by.e.rps.toFixed(0), by.f.rps.toFixed(0), fx(by.e.rps / by.f.rps), '']);
    out.push(table(['metric', 'hit (e)', 'miss (f)', 'hit / miss', 'hit − miss'], rows, ['l', 'r', 'r', 'r', 'r']));
    out.push('');
  }
  if (by.c && by.g && by.h && by.i) {
    out.push('## otel: collector up, failing and hanging against no otel (c), same run', '');
    const row = (metric, pick) => [metric, ...[by.c, by.g, by.h, by.i].map((r) => f3(pick(r))), fx(pick(by.h) / pick(by.g)), fx(pick(by.i) / pick(by.g))];
    const rows = [
      row('latency p50', (r) => r.latency.p50),
      row('latency p99', (r) => r.latency.p99),
      row('stream total p50', (r) => r.streamTotal.p50),
    ];
    rows.push(['throughput (req/s)', ...[by.c, by.g, by.h, by.i].map((r) => r.rps.toFixed(0)), fx(by.h.rps / by.g.rps), fx(by.i.rps / by.g.rps)]);
    out.push(table(['metric', 'no otel (c)', 'up (g)', '500 (h)', 'hangs (i)', '500 / up', 'hangs / up'], rows, ['l', 'r', 'r', 'r', 'r', 'r', 'r']));
    out.push('');
  }
  if (micro) {
    out.push(`## Pipeline microbenchmark (in-process, Node; median of ${micro.rounds} rounds)`, '');
    const row0 = micro.rows.find((r) => r.plugins === 0);
    const rows = micro.rows.map((r) => [
      `${r.plugins} plugins`,
      f3(r.usPerRequest),
      f2(r.usPerStream),
      f3(r.usPerStreamEvent),
    ]);
    const d = micro.rows.find((r) => r.plugins !== 0);
    if (row0 && d) {
      rows.push([
        `difference (${d.plugins} − 0)`,
        f3(d.usPerRequest - row0.usPerRequest),
        f2(d.usPerStream - row0.usPerStream),
        f3(d.usPerStreamEvent - row0.usPerStreamEvent),
      ]);
      rows.push([`per plugin`, f3((d.usPerRequest - row0.usPerRequest) / d.plugins), f2((d.usPerStream - row0.usPerStream) / d.plugins), f3((d.usPerStreamEvent - row0.usPerStreamEvent) / d.plugins)]);
    }
    out.push(
      table(
        ['plugin set', `µs/request (4 phases, ${micro.iterations}/round)`, `µs/stream (${micro.streamEvents} events, ${micro.streamIterations}/round)`, 'µs/stream event'],
        rows,
        ['l', 'r', 'r', 'r'],
      ),
    );
    out.push('');
  }
  const notes = [];
  for (const r of results) {
    notes.push(
      `${r.label}: ${r.seconds.toFixed(1)} s; n = ${r.n.json} / ${r.n.conc} / ${r.n.sse} (latency / throughput / stream); ` +
        `response: ${r.info.jsonBytes} B JSON, ${r.info.sseEvents} SSE events in ${r.info.sseBytes} B`,
    );
    for (const c of r.cuts) notes.push(`  CUT ${c}`);
    for (const e of r.errors) notes.push(`  ERROR ${e}`);
  }
  for (const f of failures) notes.push(`${f.label}: FAILED — ${f.error}${f.logs ? `\n    workerd output (last lines):\n      ${f.logs.join('\n      ')}` : ''}`);
  out.push('## Runs', '', ...notes.map((n) => `- ${n}`));
  return out.join('\n');
}

// ---------------------------------------------------------------------------------------------

async function main() {
  const started = Date.now();
  process.stderr.write('bench: building…\n');
  const { out, sizes } = await buildAll();

  const miniflareVersion = JSON.parse(readFileSync(path.join(repoRoot, 'node_modules', 'miniflare', 'package.json'), 'utf8')).version;
  const meta = (state.meta = { sizes, miniflareVersion, mockChunks: '?', probe: undefined });
  if (!SKIP_MICRO) {
    process.stderr.write('bench: pipeline microbenchmark…\n');
    const { runPipelineMicro } = await import(pathToFileURL(out.micro).href);
    state.micro = await runPipelineMicro({ iterations: MICRO_ITERATIONS });
  }

  process.stderr.write('bench: starting mock upstream and Miniflare…\n');
  const mock = await startMock();
  meta.mockChunks = mock.chunkCount;
  const { Miniflare } = await import('miniflare');
  const targets = [{ id: 'a', label: '(a) mock direct', url: mock.url }];
  const { results, failures } = state;
  const workers = [
    { id: 'b', label: '(b) pass-through Worker', script: out.passthrough, bindings: { UPSTREAM_URL: mock.url } },
    { id: 'c', label: '(c) Heimdall, 0 plugins', script: out.gateway, bindings: { UPSTREAM_URL: mock.url, NOOP_PLUGINS: '0' } },
    { id: 'd', label: '(d) Heimdall, 10 no-op plugins', script: out.gateway, bindings: { UPSTREAM_URL: mock.url, NOOP_PLUGINS: '10' } },
    // The same request every time: after the probe every request is a hit, answered from KV. Streamed
    // requests use their own cache key, so they replay a stored stream rather than a stored JSON answer.
    {
      id: 'e',
      label: '(e) Heimdall + semantic_cache, hit',
      script: out.gateway,
      bindings: { UPSTREAM_URL: mock.url, SEMANTIC_CACHE: '1' },
      options: { kvNamespaces: ['CACHE'] },
      streamHeaders: { 'x-bf-cache-key': 'bench-stream' },
      cache: 'hit',
    },
    // Looked up (a KV miss) but never stored, so every request goes on to the mock upstream.
    { id: 'f', label: '(f) Heimdall + semantic_cache, miss', script: out.gateway, bindings: { UPSTREAM_URL: mock.url, SEMANTIC_CACHE: '1' }, options: { kvNamespaces: ['CACHE'] }, headers: { 'x-bf-cache-no-store': 'true' }, cache: 'miss' },
    { id: 'g', label: '(g) Heimdall + otel, collector up', script: out.gateway, bindings: { UPSTREAM_URL: mock.url, OTEL_COLLECTOR: `${mock.url}/otel-ok` } },
    { id: 'h', label: '(h) Heimdall + otel, collector 500', script: out.gateway, bindings: { UPSTREAM_URL: mock.url, OTEL_COLLECTOR: `${mock.url}/otel-down` } },
    { id: 'i', label: '(i) Heimdall + otel, collector hangs', script: out.gateway, bindings: { UPSTREAM_URL: mock.url, OTEL_COLLECTOR: `${mock.url}/otel-hang` } },
  ];
  const started_ = await Promise.all(
    workers.map(async (w) => {
      try {
        const s = await startWorker(Miniflare, `bench-${w.id}`, w.script, w.bindings, w.options);
        return { ...w, ...s };
      } catch (err) {
        failures.push({ label: w.label, error: `Miniflare did not start: ${err?.stack ?? err}` });
        return undefined;
      }
    }),
  );
  for (const s of started_) if (s) targets.push(s);

  for (const t of targets) {
    if (state.aborted) break;
    process.stderr.write(`bench: ${t.label} at ${t.url}…\n`);
    try {
      const r = await measure(t, mock.chunkCount);
      meta.probe ??= r.info;
      results.push(r);
    } catch (err) {
      if (state.aborted) break;
      failures.push({ label: t.label, error: err?.message ?? String(err), logs: t.stdio?.lines.length ? [...t.stdio.lines] : undefined });
    }
  }
  if (state.aborted) return new Promise(() => {}); // abort() reports and exits

  await cleanup();
  clearTimeout(globalTimer);
  console.log(report(results, failures, state.micro, meta));
  console.log(`\nTotal wall time ${((Date.now() - started) / 1000).toFixed(1)} s.`);
  const own = failures.length === 0 && results.every((r) => r.errors.length === 0) ? 0 : 1;
  // Then the same gateway against a bare Worker and Portkey, in its own run (bench/peers.mjs).
  if (process.env.BENCH_PEERS === '0') return own;
  const missing = peersMissing();
  if (missing) {
    console.log(`\n## Against Portkey\n\nNot run: ${missing} (BENCH_PEERS=0 skips this part).`);
    return own;
  }
  console.log('\n## Against Portkey (../shared/bench-peers)\n');
  const peers = await runPeers();
  return own || peers;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  async (err) => {
    console.error(err?.stack ?? err);
    await Promise.race([cleanup(), new Promise((r) => setTimeout(r, 5000).unref())]);
    process.exit(1);
  },
);
