import * as z from '../zod';
import { canonicalJson } from '../config/canonical-json';
import { definePlugin, type PluginDefinition, type PluginHooks, type PostLLMResult, type PreLLMResult } from '../pipeline/define-plugin';
import type { HookContext } from '../pipeline/hook-context';
import type { HttpRequest } from '../pipeline/http-types';
import type { LLMResponse, StreamEvent } from '../types/chat';
import { DEFAULT_RECYCLE, InstancePool, type RecyclePolicy } from './instance-pool';
import { contextToBifrost, mergeContext, withheldPrefixes } from './translate-context';
import { applyHttpRequest, httpRequestToBifrost, httpResponseFromBifrost, httpResponseToBifrost, isObject } from './translate-http';
import { errorFromBifrost, errorToBifrost, eventFromBifrost, eventToBifrost, requestFromBifrost, requestToBifrost, responseFromBifrost, responseToBifrost } from './translate-llm';

// A Bifrost WASM plugin as an ordinary entry of the sequence: each Heimdall hook calls the ABI
// export of the same role (httpPreHook → http_pre_hook, or the legacy http_intercept;
// preLLMHook → pre_hook; postLLMHook → post_hook; httpPostHook → http_post_hook;
// streamChunkHook → http_stream_chunk_hook; cleanup → cleanup), translating both ways. Placement,
// order, toggles, reloads, fail-closed and the timeline are the sequence's, as for TypeScript
// plugins. A non-empty `error` (`hook_error` in post_hook) or a trap throws: the runner records it
// as the plugin's failure and skips it, or fails the request when the plugin is fail-closed.

/** Any JSON config, passed to `init` as it is; a plugin folder may ship a stricter zod schema. */
export const anyJsonConfig = z.json();

export interface WasmPluginOptions {
  /** The config entry's name: the plugin's name in the sequence, the API, logs and metrics. */
  name: string;
  module: WebAssembly.Module;
  configSchema?: z.core.$ZodType;
  recycle?: RecyclePolicy;
  /** Context names the plugin neither sees nor writes (withheldPrefixes: `heimdall.`, the built-ins'). */
  withheld?: readonly string[];
}

/** Hooks built from a WASM module also expose the pool, so tests and the bench can read its stats. */
export interface WasmPluginHooks extends PluginHooks {
  readonly pool: InstancePool;
}

/** A running WASM plugin's `get_name()`; undefined for TypeScript plugins (or a plugin that returns none). */
export function actualNameOf(hooks: PluginHooks): string | undefined {
  const pool = (hooks as Partial<WasmPluginHooks>).pool;
  return pool instanceof InstancePool ? pool.actualName : undefined;
}

export function wasmPlugin(options: WasmPluginOptions): PluginDefinition {
  const { name, module } = options;
  return definePlugin({
    name,
    configSchema: options.configSchema ?? anyJsonConfig,
    init(config) {
      const log = (level: 'info' | 'error', line: string) => console.log(JSON.stringify({ level, plugin: name, msg: line, source: 'wasm' }));
      const pool = new InstancePool(module, JSON.stringify(config ?? {}), log, options.recycle ?? DEFAULT_RECYCLE);
      return wasmHooks(pool, options.withheld ?? withheldPrefixes([]));
    },
  });
}

function wasmHooks(pool: InstancePool, withheld: readonly string[]): WasmPluginHooks {
  const call = (ctx: HookContext, hook: string, input: (context: Record<string, unknown>) => unknown, errorField: string) =>
    callRaw(pool, ctx, hook, (context) => JSON.stringify(input(context)), errorField, withheld);
  const hooks: WasmPluginHooks = {
    pool,
    cleanup: () => pool.dispose(),
  };
  const httpPre = pool.exports('http_pre_hook') ? 'http_pre_hook' : pool.exports('http_intercept') ? 'http_intercept' : undefined;
  if (httpPre) {
    hooks.httpPreHook = (ctx, req) => {
      const out = call(ctx, httpPre, (context) => ({ context, request: httpRequestToBifrost(req) }), 'error');
      if (out.has_response === true) return httpResponseFromBifrost(out.response);
      applyHttpRequest(req, out.request);
    };
  }
  if (pool.exports('pre_hook')) {
    hooks.preLLMHook = (ctx, req): PreLLMResult | void => {
      const request = requestToBifrost(req);
      if (!request) return;
      const out = call(ctx, 'pre_hook', (context) => ({ context, request }), 'error');
      if (out.has_short_circuit === true) {
        const sc = isObject(out.short_circuit) ? out.short_circuit : {};
        const error = sc.error ?? sc.Error;
        const response = sc.response ?? sc.Response;
        if (isObject(error)) return { error: errorFromBifrost(error, undefined) };
        if (isObject(response)) return { response: responseFromBifrost(req.kind, response, undefined, req) };
        throw new Error('set has_short_circuit without a response or an error');
      }
      const next = requestFromBifrost(req, request, out.request);
      if (next) return { request: next };
    };
  }
  if (pool.exports('post_hook')) {
    hooks.postLLMHook = (ctx, res, err): PostLLMResult | void => {
      const event = ctx.isStream && res && !('kind' in res) ? (res as Exclude<StreamEvent, { type: 'error' }>) : undefined;
      const whole = res && 'kind' in res ? res : undefined;
      const sentResponse = event ? eventToBifrost(event) : whole ? responseToBifrost(whole) : null;
      const out = call(ctx, 'post_hook', (context) => ({ context, response: sentResponse, error: err ? errorToBifrost(err) : null, has_error: err !== undefined }), 'hook_error');
      if (out.has_error === true) {
        if (!isObject(out.error)) throw new Error('set has_error without an error');
        const error = errorFromBifrost(out.error, err);
        return error === err ? undefined : { error };
      }
      if (out.response === undefined || out.response === null) return;
      if (event) {
        // A stream's error cannot be turned back into an event of a type the plugin never saw.
        if (err) return;
        const next = eventFromBifrost(event, out.response);
        return next === event ? undefined : { response: next };
      }
      if (ctx.isStream) return;
      const kind = whole?.kind ?? (isObject(out.response) && (out.response.EmbeddingResponse ?? out.response.embedding_response) ? 'embedding' : 'chat');
      const next: LLMResponse = responseFromBifrost(kind, out.response, whole, { provider: ctx.provider ?? '', model: ctx.model ?? '' });
      if (next === whole && !err) return;
      return { response: next };
    };
  }
  if (pool.exports('http_post_hook')) {
    hooks.httpPostHook = (ctx, req, res) => {
      call(ctx, 'http_post_hook', (context) => ({ context, request: httpRequestToBifrost(req), response: httpResponseToBifrost(res) }), 'error');
    };
  }
  if (pool.exports('http_stream_chunk_hook')) {
    // The request is the same for every chunk of a stream: encode it (base64 body included) once.
    const encodedRequests = new WeakMap<HttpRequest, string>();
    hooks.streamChunkHook = (ctx, req, chunk) => {
      let request = encodedRequests.get(req);
      if (request === undefined) encodedRequests.set(req, (request = JSON.stringify(httpRequestToBifrost(req))));
      const encoded = request;
      const out = callRaw(pool, ctx, 'http_stream_chunk_hook', (context) => `{"context":${JSON.stringify(context)},"request":${encoded},"chunk":${JSON.stringify(chunk.data)}}`, 'error', withheld);
      if (out.skip === true || (out.has_chunk !== true && (out.chunk === undefined || out.chunk === null))) return null;
      if (!isObject(out.chunk) || canonicalJson(out.chunk) === canonicalJson(chunk.data)) return;
      return { ...chunk, data: out.chunk };
    };
  }
  return hooks;
}

type Output = Record<string, unknown>;

/** One ABI call: the context out, the output parsed, the context merged back, the plugin's error raised. */
function callRaw(pool: InstancePool, ctx: HookContext, hook: string, input: (context: Record<string, unknown>) => string, errorField: string, withheld: readonly string[]): Output {
  const sent = contextToBifrost(ctx, withheld);
  const text = pool.call(hook, input(sent.json));
  // 0 is "no output": the hook passes everything through.
  if (text === undefined) return {};
  let out: unknown;
  try {
    out = JSON.parse(text);
  } catch {
    throw new Error(`${hook} returned output that is not JSON: ${text.slice(0, 120)}`);
  }
  if (!isObject(out)) throw new Error(`${hook} returned ${Array.isArray(out) ? 'an array' : typeof out}, not an object`);
  mergeContext(ctx, sent, out.context, withheld);
  const error = out[errorField];
  if (typeof error === 'string' && error !== '') throw new Error(`${hook}: ${error}`);
  return out;
}
