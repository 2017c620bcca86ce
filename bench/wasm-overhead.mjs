// WASM plugin overhead: each Heimdall hook of both example plugins (examples/wasm/hello-wasm-rust,
// examples/wasm/hello-wasm-as) called through the host as the gateway calls it (context out, JSON and
// base64 both ways, edits applied back), at 1 KB, 50 KB and 500 KB of body, beside the same hook
// as a TypeScript no-op; then each instance's memory over 1000 calls, with recycling off and with
// the default policy. Run `node scripts/build-wasm.mjs --all` first (npm test does).
// Usage: node bench/wasm-overhead.mjs [calls per point, default 200]
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildSync } from 'esbuild';

const root = resolve(import.meta.dirname, '..');
const CALLS = Number(process.argv[2] ?? 200);

// The host is TypeScript: bundle its entry points for Node, as the build bundles them for workerd.
const bundled = buildSync({
  stdin: {
    contents: `export { wasmPlugin } from './src/wasm/wasm-plugin';
      export { InstancePool, DEFAULT_RECYCLE } from './src/wasm/instance-pool';
      export { RequestContext } from './src/pipeline/hook-context';`,
    resolveDir: root,
    loader: 'ts',
  },
  bundle: true,
  format: 'esm',
  platform: 'node',
  write: false,
  logLevel: 'error',
});
const { wasmPlugin, InstancePool, DEFAULT_RECYCLE, RequestContext } = await import(`data:text/javascript;base64,${Buffer.from(bundled.outputFiles[0].text).toString('base64')}`);

// The plugins' own console lines would drown the table.
console.log = () => {};
const print = (line) => process.stdout.write(`${line}\n`);

const PLUGINS = {
  rust: { path: 'examples/wasm/hello-wasm-rust/plugin.wasm', config: { greeting: 'hi', sign: true, shout: true } },
  as: { path: 'examples/wasm/hello-wasm-as/plugin.wasm', config: { greeting: 'hi' } },
};
const SIZES = { '1KB': 1_000, '50KB': 50_000, '500KB': 500_000 };
const text = (n) => 'lorem ipsum dolor sit amet '.repeat(Math.ceil(n / 27)).slice(0, n);

const chatRequest = (content) => ({ kind: 'chat', provider: 'openai', model: 'gpt-4o-mini', messages: [{ role: 'user', content }], stream: false, includeUsage: false, fallbacks: [], params: {} });
const chatResponse = (content) => ({ kind: 'chat', id: 'chatcmpl-1', created: 1, model: 'gpt-4o-mini', provider: 'openai', choices: [{ index: 0, message: { role: 'assistant', content }, finishReason: { unified: 'stop', raw: 'stop' } }], usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } });
const httpRequest = (content) => ({ method: 'POST', path: '/v1/chat/completions', headers: { 'content-type': 'application/json' }, query: {}, body: { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content }] } });

function context(stream = false) {
  const rc = new RequestContext('bench', {}, { waitUntil() {} }, httpRequest(''));
  rc.provider = 'openai';
  rc.model = 'gpt-4o-mini';
  rc.isStream = stream;
  rc.values.set('app.trace', 'abc');
  return rc;
}

/** Each hook with fresh inputs per call (hooks edit in place), at one size. */
function calls(hooks, size) {
  const body = text(size);
  return {
    httpPreHook: () => hooks.httpPreHook(context().viewFor('p'), httpRequest(body)),
    preLLMHook: () => hooks.preLLMHook(context().viewFor('p'), chatRequest(body)),
    postLLMHook: () => hooks.postLLMHook(context().viewFor('p', false, true), chatResponse(body), undefined),
    httpPostHook: () => hooks.httpPostHook(context().viewFor('p'), httpRequest('hi'), { status: 200, headers: {}, body: chatResponse(body) }),
    streamChunkHook: (() => {
      // One stream: the request is encoded once, then chunks of this size follow.
      const rc = context(true);
      const req = httpRequest(body);
      return () => hooks.streamChunkHook(rc.viewFor('p'), req, { data: { id: 'c', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content: body } }] } });
    })(),
  };
}

const TS_NOOP = { httpPreHook() {}, preLLMHook() {}, postLLMHook() {}, httpPostHook() {}, streamChunkHook: (_c, _r, chunk) => chunk };

function time(fn) {
  for (let i = 0; i < Math.min(20, CALLS); i++) fn();
  const samples = [];
  for (let i = 0; i < CALLS; i++) {
    const t = performance.now();
    fn();
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  return { median: samples[Math.floor(samples.length / 2)], p95: samples[Math.floor(samples.length * 0.95)] };
}

const fmt = (ms) => (ms < 0.01 ? ms.toFixed(4) : ms < 1 ? ms.toFixed(3) : ms.toFixed(2));
print(`Per-hook cost, ms per call (median / p95 of ${CALLS} calls), Node ${process.version}; ts = the same hook as a TypeScript no-op`);
print(`${'hook'.padEnd(16)} ${'size'.padEnd(6)} ${'ts'.padStart(15)} ${'rust'.padStart(17)} ${'as'.padStart(17)}`);
const hookSets = { ts: TS_NOOP };
for (const [name, p] of Object.entries(PLUGINS)) {
  const module = new WebAssembly.Module(readFileSync(join(root, p.path)));
  hookSets[name] = await wasmPlugin({ name, module }).init(p.config, {}, undefined);
}
for (const hook of ['httpPreHook', 'preLLMHook', 'postLLMHook', 'httpPostHook', 'streamChunkHook']) {
  for (const [label, size] of Object.entries(SIZES)) {
    const cells = Object.entries(hookSets).map(([name, hooks]) => {
      const r = time(calls(hooks, size)[hook]);
      return `${fmt(r.median)} / ${fmt(r.p95)}`.padStart(name === 'ts' ? 15 : 17);
    });
    print(`${hook.padEnd(16)} ${label.padEnd(6)} ${cells.join(' ')}`);
  }
}

print('');
print('Memory of one instance over 1000 http_pre_hook calls (MiB of linear memory), recycling off / default policy');
print(`(default: replace an instance once a call leaves it at >= ${DEFAULT_RECYCLE.maxMemoryBytes / 2 ** 20} MiB or after ${DEFAULT_RECYCLE.maxCalls} calls)`);
print(`${'plugin'.padEnd(8)} ${'size'.padEnd(6)} ${'start'.padStart(7)} ${'after 1000, no recycling'.padStart(25)} ${'peak with policy'.padStart(17)} ${'recycled'.padStart(9)}`);
for (const [name, p] of Object.entries(PLUGINS)) {
  const module = new WebAssembly.Module(readFileSync(join(root, p.path)));
  for (const [label, size] of Object.entries(SIZES)) {
    const input = JSON.stringify({ context: { 'request-id': 'bench' }, request: { method: 'POST', path: '/', headers: {}, query: {}, body: Buffer.from(JSON.stringify({ content: text(size) })).toString('base64'), path_params: {} } });
    const mib = (b) => (b / 2 ** 20).toFixed(1);
    let unbounded = '';
    const raw = new InstancePool(module, JSON.stringify(p.config), () => {}, { maxMemoryBytes: Number.POSITIVE_INFINITY, maxCalls: Number.POSITIVE_INFINITY });
    const start = raw.memoryBytes;
    try {
      for (let i = 0; i < 1000; i++) raw.call('http_pre_hook', input);
      unbounded = mib(raw.memoryBytes);
    } catch (err) {
      unbounded = `trapped: ${String(err.message).slice(0, 40)}`;
    }
    const pooled = new InstancePool(module, JSON.stringify(p.config), () => {});
    for (let i = 0; i < 1000; i++) pooled.call('http_pre_hook', input);
    print(`${name.padEnd(8)} ${label.padEnd(6)} ${mib(start).padStart(7)} ${unbounded.padStart(25)} ${mib(pooled.stats.peakMemoryBytes).padStart(17)} ${String(pooled.stats.recycled).padStart(9)}`);
  }
}
