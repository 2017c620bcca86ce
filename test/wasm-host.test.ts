import { describe, expect, it } from 'vitest';
import { GatewayError } from '../src/errors/gateway-error';
import { contextKey } from '../src/pipeline/context-key';
import { RequestContext } from '../src/pipeline/hook-context';
import type { ChatRequest, ChatResponse, StreamEvent } from '../src/types/chat';
import { InstancePool } from '../src/wasm/instance-pool';
import { contextToBifrost, mergeContext, withheldPrefixes } from '../src/wasm/translate-context';
import { applyHttpRequest, httpRequestToBifrost } from '../src/wasm/translate-http';
import { errorFromBifrost, errorToBifrost, eventFromBifrost, eventToBifrost, requestFromBifrost, requestToBifrost, responseFromBifrost, responseToBifrost } from '../src/wasm/translate-llm';
import { wasmPathProblem } from '../src/wasm/wasm-path';
import faults from './fixtures/wasm/faults/plugin.wasm';
import startProbe from './fixtures/wasm/start-probe/plugin.wasm';
import wasiProbe from './fixtures/wasm/wasi-probe/plugin.wasm';
import { chatRequest } from './support/finished';
import { exampleWasm } from './support/example-wasm';

// The host's parts on their own, in workerd: the calling convention and WASI shim on real
// toolchain output, the instance pool's recycling, and the translations both ways.

const moduleAt = (path: string) => exampleWasm.find((b) => b.path === path)!.module;
const rustModule = moduleAt('plugins/hello-wasm-rust/plugin.wasm');
const asModule = moduleAt('plugins/hello-wasm-as/plugin.wasm');
const quiet = () => {};

describe('the instance and its WASI shim', () => {
  it("runs a Rust wasm32-wasi build: stdout and stderr to the logger, real clock and randomness, no args or environment, libc's one-argument free", () => {
    const lines: string[] = [];
    const pool = new InstancePool(wasiProbe, '{}', (level, line) => lines.push(`${level}: ${line}`));
    expect(pool.actualName).toBe('wasi-probe');
    const out = JSON.parse(pool.call('pre_hook', JSON.stringify({ context: {}, request: {} }))!);
    expect(Math.abs(out.context['wasi.now_ms'] - Date.now())).toBeLessThan(60_000);
    expect(out.context['wasi.random']).toMatch(/^[0-9a-f]+$/);
    expect(out.context).toMatchObject({ 'wasi.args': 0, 'wasi.vars': 0 });
    expect(lines).toEqual(['info: wasi-probe init with 2 bytes of config', 'error: wasi-probe pre_hook on stderr']);
    const second = JSON.parse(pool.call('pre_hook', '{}')!);
    expect(second.context['wasi.random']).not.toBe(out.context['wasi.random']);
  });

  it('runs _start before the first hook (TinyGo sets up its heap there); its proc_exit(0) is a normal end', () => {
    const lines: string[] = [];
    const pool = new InstancePool(startProbe, '{}', (level, line) => lines.push(`${level}: ${line}`));
    expect(JSON.parse(pool.call('pre_hook', '{}')!).context).toEqual({ 'start.ran': true });
    expect(lines).toEqual(['info: start-probe: main ran']);
    expect(pool.actualName).toBe('start-probe');
  });

  it('reports the name from get_name() and an init failure as an error', () => {
    expect(new InstancePool(rustModule, '{}', quiet).actualName).toBe('hello-wasm-rust');
    expect(new InstancePool(asModule, '{}', quiet).actualName).toBe('hello-wasm-as');
    expect(() => new InstancePool(faults, '"bad-init"', quiet)).toThrow('init returned 3');
    // The Rust example refuses a config that is not an object (Bifrost's Rust example returns 1 for `null` too).
    expect(() => new InstancePool(rustModule, 'null', quiet)).toThrow('init returned 1');
  });
});

describe('the instance pool', () => {
  it('drops an instance whose call trapped and starts the next call on a fresh one', () => {
    const pool = new InstancePool(faults, '"trap"', quiet);
    expect(() => pool.call('pre_hook', '{}')).toThrow(/pre_hook trapped: .*unreachable/);
    expect(pool.memoryBytes).toBe(0);
    expect(() => pool.call('pre_hook', '{}')).toThrow(/trapped/);
    expect(pool.stats).toMatchObject({ instances: 2, recycled: 0, trapped: 2 });
  });

  it('recycles an instance once its memory passes the budget: memory stays bounded however many calls', () => {
    const budget = 8 * 1024 * 1024;
    const pool = new InstancePool(faults, '"grow"', quiet, { maxMemoryBytes: budget, maxCalls: 1_000_000 });
    for (let i = 0; i < 40; i++) expect(JSON.parse(pool.call('pre_hook', '{}')!).context['faults.ran']).toBe(true);
    // Each call keeps 1 MiB: 40 MiB in all, never more than the budget plus one call's growth in one instance.
    expect(pool.stats.peakMemoryBytes).toBeLessThan(budget + 2 * 1024 * 1024);
    expect(pool.stats.recycled).toBeGreaterThanOrEqual(4);
    // The last call may have retired its instance too: the next call would start one.
    expect(pool.stats.instances - pool.stats.recycled).toBeLessThanOrEqual(1);
    expect(pool.stats.instances).toBeGreaterThanOrEqual(pool.stats.recycled);
  });

  it('recycles after the call budget, and a fresh instance gets the same config', () => {
    const pool = new InstancePool(rustModule, '{"greeting":"again"}', quiet, { maxMemoryBytes: 1 << 30, maxCalls: 3 });
    const request = JSON.stringify({ context: {}, request: { RequestType: 'chat_completion', ChatRequest: { provider: 'openai', model: 'm', input: [] } } });
    for (let i = 0; i < 10; i++) expect(JSON.parse(pool.call('pre_hook', request)!).context['hello-wasm-rust.target']).toBe('again openai/m');
    expect(pool.stats).toMatchObject({ instances: 4, recycled: 3, trapped: 0 });
  });

  it('keeps an AssemblyScript instance (which never frees) under the default budget over 1000 calls of 50 KB', () => {
    const pool = new InstancePool(asModule, '{}', quiet);
    const input = JSON.stringify({ context: { big: 'x'.repeat(50_000) }, request: { method: 'POST', path: '/', headers: {}, query: {}, body: null, path_params: {} } });
    for (let i = 0; i < 1000; i++) pool.call('http_pre_hook', input);
    // The budget plus what one call grows it by: memory grows in whole pages, then the instance is replaced.
    expect(pool.stats.peakMemoryBytes).toBeLessThanOrEqual(18 * 1024 * 1024);
    expect(pool.stats.recycled).toBeGreaterThan(0);
  });
});

describe('translation to and from Bifrost JSON', () => {
  const req: ChatRequest = chatRequest({
    messages: [
      { role: 'user', content: 'hi' },
      { role: 'assistant', content: null, reasoning: [{ text: 'thinking', signature: 'sig', source: 'anthropic' }], tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' }, signature: 'gemini-sig' }] },
    ],
    reasoning: { effort: 'high', summary: 'auto' },
    params: { temperature: 0.5 },
    betas: ['b1'],
  });

  it("sends Go's field names, the model without its provider, and reasoning as Bifrost's params", () => {
    const sent = requestToBifrost(req)!;
    expect(sent).toMatchObject({ RequestType: 'chat_completion', ChatRequest: { provider: 'openai', model: 'gpt-4o-mini', params: { temperature: 0.5, reasoning: { effort: 'high' } } } });
    expect((sent.ChatRequest as any).input[1]).toEqual({
      role: 'assistant',
      tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }],
      reasoning: 'thinking',
      reasoning_details: [{ index: 0, type: 'reasoning.text', text: 'thinking', signature: 'sig' }],
    });
    expect(requestToBifrost({ kind: 'count_tokens', provider: 'p', model: 'm', fallbacks: [], params: {}, messages: [] })).toBeUndefined();
  });

  it('an unchanged request is no change; an edited one keeps what Bifrost cannot carry on the messages left alone', () => {
    const sent = requestToBifrost(req)!;
    expect(requestFromBifrost(req, sent, structuredClone(sent))).toBeUndefined();
    expect(requestFromBifrost(req, sent, null)).toBeUndefined();
    const edited = structuredClone(sent) as any;
    edited.ChatRequest.input.unshift({ role: 'system', content: 'be brief' });
    edited.ChatRequest.params.temperature = 0;
    const next = requestFromBifrost(req, sent, edited) as ChatRequest;
    expect(next.messages[0]).toEqual({ role: 'system', content: 'be brief' });
    expect(next.params).toEqual({ temperature: 0 });
    expect(next.reasoning).toEqual({ effort: 'high', summary: 'auto', budgetTokens: undefined });
    expect(next.betas).toEqual(['b1']);
    // Shifted by one, the assistant turn no longer lines up with what was sent: rebuilt from JSON.
    expect(next.messages[2]!.tool_calls![0]).toEqual({ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } });
    const inPlace = structuredClone(sent) as any;
    inPlace.ChatRequest.input[0].content = 'hello';
    const kept = requestFromBifrost(req, sent, inPlace) as ChatRequest;
    expect(kept.messages[1]).toBe(req.messages[1]);
    expect(kept.messages[0]).toEqual({ role: 'user', content: 'hello' });
  });

  it("accepts the docs' snake_case spellings and a flat request back", () => {
    const sent = requestToBifrost(req)!;
    const snake = { chat_request: { ...(sent.ChatRequest as object), model: 'gpt-4.1' } };
    expect((requestFromBifrost(req, sent, snake) as ChatRequest).model).toBe('gpt-4.1');
    expect((requestFromBifrost(req, sent, { provider: 'groq', model: 'llama' }) as ChatRequest).provider).toBe('groq');
    const response = { chat_response: { id: 'x', choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'length' }], usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 } } };
    const res = responseFromBifrost('chat', response, undefined, { provider: 'openai', model: 'gpt-4o' }) as ChatResponse;
    expect(res).toMatchObject({ kind: 'chat', id: 'x', model: 'gpt-4o', provider: 'openai', choices: [{ message: { content: 'ok' }, finishReason: { unified: 'length', raw: 'length' } }], usage: { total_tokens: 3 } });
    expect(() => responseFromBifrost('chat', { Response: 1 }, undefined, { provider: 'p', model: 'm' })).toThrow('without ChatResponse');
  });

  it("embeddings: EmbeddingRequest out, input back as a string, a list or Go's {Texts}; vectors back in index order", () => {
    const emb = { kind: 'embedding' as const, provider: 'openai', model: 'text-embedding-3-small', input: ['a', 'b'], encodingFormat: 'float' as const, fallbacks: [], params: { dimensions: 8 } };
    const sent = requestToBifrost(emb)!;
    expect(sent).toEqual({ RequestType: 'embedding', EmbeddingRequest: { provider: 'openai', model: 'text-embedding-3-small', input: ['a', 'b'], params: { dimensions: 8, encoding_format: 'float' }, fallbacks: [] } });
    const back = (input: unknown) => requestFromBifrost(emb, sent, { EmbeddingRequest: { ...(sent.EmbeddingRequest as object), input } });
    expect(back('one')).toMatchObject({ input: ['one'], params: { dimensions: 8 }, encodingFormat: 'float' });
    expect(back({ Texts: ['x', 'y'] })).toMatchObject({ input: ['x', 'y'] });
    const res = responseFromBifrost('embedding', { EmbeddingResponse: { data: [{ index: 1, embedding: [2] }, { index: 0, embedding: [1] }], model: 'm' } }, undefined, emb);
    expect(res).toMatchObject({ kind: 'embedding', provider: 'openai', embeddings: [[1], [2]] });
  });

  it('a response or an error sent back unchanged is the same object (its facts kept)', () => {
    const res: ChatResponse = { kind: 'chat', id: 'r', created: 1, model: 'm', provider: 'openai', choices: [{ index: 0, message: { role: 'assistant', content: 'x' }, finishReason: { unified: 'stop', raw: 'stop' } }], extra: { system_fingerprint: 'fp' } };
    expect(responseFromBifrost('chat', JSON.parse(JSON.stringify(responseToBifrost(res))), res, res)).toBe(res);
    const err = new GatewayError({ status: 503, type: 'server_error', code: 'overloaded', message: 'busy', allowFallbacks: false });
    expect(errorFromBifrost(JSON.parse(JSON.stringify(errorToBifrost(err))), err)).toBe(err);
    const changed = errorFromBifrost({ status_code: 418, error: { type: 'teapot', code: 7, message: 'short and stout' } }, err);
    expect(changed).toMatchObject({ status: 418, type: 'teapot', code: '7', message: 'short and stout' });
  });

  it('stream events become chat.completion.chunk objects and come back as the same event type', () => {
    const text: StreamEvent = { type: 'text-delta', index: 0, text: 'abc' };
    const chunk = eventToBifrost(text) as any;
    expect(chunk.ChatResponse).toMatchObject({ object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content: 'abc' } }] });
    expect(eventFromBifrost(text, structuredClone(chunk))).toBe(text);
    chunk.ChatResponse.choices[0].delta.content = 'ABC';
    expect(eventFromBifrost(text, chunk)).toEqual({ type: 'text-delta', index: 0, text: 'ABC' });
    const finish: StreamEvent = { type: 'finish', index: 0, finishReason: { unified: 'stop', raw: 'stop' }, usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } };
    expect((eventToBifrost(finish) as any).ChatResponse).toMatchObject({ choices: [{ finish_reason: 'stop' }], usage: { total_tokens: 2 } });
  });

  it("context: plain values out; reserved, built-ins' and non-plain ones withheld; echoes left alone, edits stored", () => {
    const rc = new RequestContext('req-1', {} as Cloudflare.Env, { waitUntil: () => {} }, { method: 'POST', path: '/', headers: {}, query: {}, body: undefined });
    const live = new Map([['a', 1]]);
    rc.values.set('plain', { n: 1 });
    rc.values.set('live', live);
    rc.values.set('governance.presented_key', 'sk-bf-secret');
    const prefixes = withheldPrefixes(['governance']);
    const ctx = rc.viewFor('wasm');
    const sent = contextToBifrost(ctx, prefixes);
    expect(sent.json).toEqual({ 'request-id': 'req-1', plain: { n: 1 } });
    const plain = rc.values.get('plain');
    mergeContext(ctx, sent, { 'request-id': 'forged', 'heimdall.virtual_key': 'vk', 'governance.presented_key': 'forged', live: {}, plain: { n: 1 }, fresh: 'yes' }, prefixes);
    expect(rc.values.get('governance.presented_key')).toBe('sk-bf-secret');
    expect(rc.values.get('plain')).toBe(plain);
    expect(rc.values.get('live')).toBe(live);
    expect(rc.values.has('heimdall.virtual_key')).toBe(false);
    expect(ctx.get(contextKey('fresh'))).toBe('yes');
  });

  it('HTTP: base64 JSON bodies both ways, header names lower-cased, a body that is not JSON refused', () => {
    const req = { method: 'POST', path: '/v1/chat/completions', headers: { 'content-type': 'application/json' }, query: {}, body: { model: 'x', text: 'é' } };
    const sent = httpRequestToBifrost(req);
    expect(JSON.parse(new TextDecoder().decode(Uint8Array.from(atob(sent.body!), (c) => c.charCodeAt(0))))).toEqual(req.body);
    applyHttpRequest(req, { ...sent, headers: { 'X-Added': 'yes' }, body: btoa('{"model":"y"}') });
    expect(req.headers).toEqual({ 'x-added': 'yes' });
    expect(req.body).toEqual({ model: 'y' });
    applyHttpRequest(req, { body: '' });
    expect(req.body).toEqual({ model: 'y' });
    expect(() => applyHttpRequest(req, { body: btoa('not json') })).toThrow('not JSON');
    expect(() => applyHttpRequest(req, { headers: { n: 1 } })).toThrow('not a string');
  });

  it('paths: under plugins/, relative, no escapes, no URLs', () => {
    expect(wasmPathProblem('plugins/a/plugin.wasm')).toBeUndefined();
    expect(wasmPathProblem('plugins/a/../../x.wasm')).toMatch('..');
    expect(wasmPathProblem('./plugins/a.wasm')).toMatch('"."');
    expect(wasmPathProblem('src/a.wasm')).toMatch('under plugins/');
    expect(wasmPathProblem('plugins/a/plugin.so')).toMatch('.wasm');
    expect(wasmPathProblem('file:plugins/a.wasm')).toMatch('URL');
  });
});
