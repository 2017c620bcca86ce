// Loads any Bifrost WASM plugin through Heimdall's host and calls every hook it exports the way
// the gateway does (a chat request, its answer, a stream chunk), printing what each hook did and
// the context it left: a quick check that a plugin built elsewhere (Bifrost's own examples) loads
// unchanged, before it is put under plugins/.
// Usage: node bench/wasm-load.mjs <plugin.wasm> [config JSON, default {}]
//   e.g. node bench/wasm-load.mjs examples/wasm/hello-wasm-as/plugin.wasm '{"greeting": "hey"}'
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { buildSync } from 'esbuild';

const root = resolve(import.meta.dirname, '..');
const [file, configText = '{}'] = process.argv.slice(2);
if (!file) {
  console.error('usage: node bench/wasm-load.mjs <plugin.wasm> [config JSON]');
  process.exit(2);
}

const bundled = buildSync({
  stdin: { contents: "export { wasmPlugin } from './src/wasm/wasm-plugin'; export { RequestContext } from './src/pipeline/hook-context';", resolveDir: root, loader: 'ts' },
  bundle: true,
  format: 'esm',
  platform: 'node',
  write: false,
  logLevel: 'error',
});
const { wasmPlugin, RequestContext } = await import(`data:text/javascript;base64,${Buffer.from(bundled.outputFiles[0].text).toString('base64')}`);

const module = new WebAssembly.Module(readFileSync(resolve(file)));
console.log(`imports: ${WebAssembly.Module.imports(module).map((i) => `${i.module}.${i.name}`).join(', ') || 'none'}`);
console.log(`exports: ${WebAssembly.Module.exports(module).map((e) => e.name).join(', ')}`);
const hooks = await wasmPlugin({ name: 'under-test', module }).init(JSON.parse(configText), {}, undefined);
console.log(`get_name(): ${JSON.stringify(hooks.pool.actualName)}`);
console.log(`hooks: ${Object.keys(hooks).filter((k) => k !== 'pool').join(', ')}`);

const http = () => ({ method: 'POST', path: '/v1/chat/completions', headers: { 'content-type': 'application/json' }, query: {}, body: { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Hello!' }] } });
const rc = new RequestContext('wasm-load-1', {}, { waitUntil() {} }, http());
rc.provider = 'openai';
rc.model = 'gpt-4o-mini';
const view = (final = false) => rc.viewFor('under-test', false, final);
const request = { kind: 'chat', provider: 'openai', model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hello!' }], stream: false, includeUsage: false, fallbacks: [], params: { temperature: 0.2 } };
const response = { kind: 'chat', id: 'chatcmpl-1', created: 1700000000, model: 'gpt-4o-mini', provider: 'openai', choices: [{ index: 0, message: { role: 'assistant', content: 'Hi there.' }, finishReason: { unified: 'stop', raw: 'stop' } }], usage: { prompt_tokens: 9, completion_tokens: 3, total_tokens: 12 } };

const show = (value) => (value === undefined ? 'nothing (pass-through)' : JSON.stringify(value).slice(0, 200));
const steps = [
  ['httpPreHook', () => { const req = rc.http; const out = hooks.httpPreHook(view(), req); return out ?? { request_after: { headers: req.headers, body: req.body } }; }],
  ['preLLMHook', () => hooks.preLLMHook(view(), request)],
  ['postLLMHook', () => hooks.postLLMHook(view(true), response, undefined)],
  ['httpPostHook', () => hooks.httpPostHook(view(), http(), { status: 200, headers: { 'content-type': 'application/json' }, body: { id: 'chatcmpl-1' } })],
  ['streamChunkHook', () => hooks.streamChunkHook(view(), http(), { data: { id: 'c', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content: 'Hi' } }] } })],
  ['cleanup', () => hooks.cleanup()],
];
let failed = 0;
for (const [name, run] of steps) {
  if (!hooks[name]) continue;
  try {
    console.log(`${name}: ${show(run())}`);
  } catch (err) {
    failed++;
    console.log(`${name}: FAILED ${err.message}`);
  }
}
console.log(`context after the hooks: ${JSON.stringify(Object.fromEntries([...rc.values].filter(([k]) => !k.startsWith('heimdall.'))))}`);
process.exit(failed ? 1 : 0);
