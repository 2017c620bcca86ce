import type { z } from '../zod';
import type { GatewayError } from '../errors/gateway-error';
import type { FinishedRequest } from '../facts/finished-request';
import type { EmbeddingResponse, LLMRequest, LLMResponse, ModelTarget, StreamEvent } from '../types/chat';
import type { HookContext } from './hook-context';
import type { HttpRequest, HttpResponse, StreamChunk } from './http-types';

type MaybePromise<T> = T | Promise<T>;

export type Placement = 'pre_builtin' | 'builtin' | 'post_builtin';

/**
 * What a pre-LLM hook may return: a replacement request, or a short-circuit. Nothing = go on. A
 * replacement keeps the request's `kind`, and a response answers that kind (a chat request gets a
 * ChatResponse or a stream, an embedding request an EmbeddingResponse); the gateway ignores and
 * records anything else as the plugin's failure.
 */
export type PreLLMResult =
  | { request: LLMRequest }
  | { response: LLMResponse }
  /** Chat only: a stream; one known up front (a replay) may be given as its events, sent as one batch. */
  | { stream: ReadableStream<StreamEvent> | readonly StreamEvent[] }
  | { error: GatewayError };

/**
 * What a post-LLM hook may return. Nothing = keep what came in. An object replaces both sides:
 * `{ response }` recovers an error, `{ error }` turns a response into one.
 */
export interface PostLLMResult {
  response?: LLMResponse | StreamEvent;
  error?: GatewayError;
}

export interface PluginHooks {
  /** Once per request before the core; edit `req` in place or return a response to short-circuit. */
  httpPreHook?(ctx: HookContext, req: HttpRequest): MaybePromise<HttpResponse | void>;
  /** Per attempt, in sequence order; every request kind (switch on `req.kind`). */
  preLLMHook?(ctx: HookContext, req: LLMRequest): MaybePromise<PreLLMResult | void>;
  /**
   * Per attempt in reverse order, only if this plugin's pre hook ran. On streams it runs per event
   * (`ctx.isStream`; `ctx.isFinalChunk` on the last one) and `res` is a StreamEvent.
   */
  postLLMHook?(
    ctx: HookContext,
    res: LLMResponse | StreamEvent | undefined,
    err: GatewayError | undefined,
  ): MaybePromise<PostLLMResult | void>;
  /** Once, non-streaming responses only, reverse order; edit `res` in place. */
  httpPostHook?(ctx: HookContext, req: HttpRequest, res: HttpResponse): MaybePromise<void>;
  /** Per streamed chunk, reverse order: return an edited chunk, `null` to drop it, nothing to keep it. */
  streamChunkHook?(ctx: HookContext, req: HttpRequest, chunk: StreamChunk): MaybePromise<StreamChunk | null | void>;
  /**
   * Once per request, after its response is complete (a stream's last byte, or the client gone),
   * in waitUntil: the finished request with every attempt's facts, its tries and its timeline.
   * Observers map it to their sink; they cannot change the response. Every request on the client
   * routes ends here, those refused before their body parsed included.
   */
  onRequestEnd?(ctx: HookContext, finished: FinishedRequest): MaybePromise<void>;
  /** When the instance is replaced or disabled. */
  cleanup?(): MaybePromise<void>;
}

export type HookName = Exclude<keyof PluginHooks, 'cleanup'>;

export interface PluginDefinition<Schema extends z.core.$ZodType = z.core.$ZodType> {
  name: string;
  /** Validated when the gateway config loads; a failure names the plugin and the field. */
  configSchema: Schema;
  /** A failing hook fails the request instead of being skipped (auth, governance). */
  failClosed?: boolean;
  /** Per-hook time budget; the gateway's `client.plugin_hook_timeout_ms` when absent. */
  hookTimeoutMs?: number;
  /**
   * Built-ins sit in the `builtin` group at this fixed position; no stored sequence can move them
   * (a known bug in the reference). Custom plugins leave it out.
   */
  builtin?: { position: number };
  init(config: z.output<Schema>, env: Cloudflare.Env, gateway: GatewayServices): MaybePromise<PluginHooks>;
}

/** What the gateway lends its plugins: its own provider layer (keys, retries, translators). */
export interface GatewayServices {
  /** Embeddings from a configured provider, e.g. for a semantic cache; no hooks run for it. */
  embed(target: ModelTarget, input: string[], ctx: { env: Cloudflare.Env; requestId: string }): Promise<EmbeddingResponse>;
}

/** Identity at run time; it exists so a plugin's config type flows from its schema into `init`. */
export function definePlugin<Schema extends z.core.$ZodType>(def: PluginDefinition<Schema>): PluginDefinition<Schema> {
  return def;
}

/** For plugins run outside a gateway (unit tests, the microbenchmark): there is no provider layer. */
export const NO_GATEWAY_SERVICES: GatewayServices = {
  embed: () => Promise.reject(new Error('no gateway providers here')),
};
