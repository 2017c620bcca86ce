import { GatewayError } from '../errors/gateway-error';
import type { FinishedRequest } from '../facts/finished-request';
import type { LLMRequest, LLMRequestKind, LLMResponse, StreamEvent } from '../types/chat';
import type { PostLLMResult, PreLLMResult } from './define-plugin';
import type { HookContext, RequestContext, StreamStage } from './hook-context';
import type { HttpRequest, HttpResponse, StreamChunk } from './http-types';
import type { PluginInstance, PluginSet } from './plugin-set';
import { WrittenChunk } from '../streams/chunk-json';
import { finalAware } from '../streams/final-aware';
import { runHook, SKIPPED } from './run-hook';
import type { StreamSlot } from './timeline';

/** How far down the sequence a pre phase got: post hooks run for plugins [0, ran) in reverse. */
export type Ran = number;

export type LLMShortCircuit = Exclude<PreLLMResult, { request: LLMRequest }>;

export interface LLMOutcome {
  response?: LLMResponse;
  error?: GatewayError;
}

/** Shared by the stages of one stream: set once nothing but its end can follow (see commitStream). */
export interface StreamEnd {
  closing: boolean;
}

/**
 * Owns the order, isolation and short-circuit rules of every hook; plugins own only their logic.
 * One runner per request, over the request's snapshot of the plugin set.
 */
export class PipelineRunner {
  private readonly plugins: readonly PluginInstance[];

  constructor(
    set: PluginSet,
    readonly rc: RequestContext,
  ) {
    this.plugins = set.plugins;
  }

  /** The name of the plugin at a sequence position (e.g. the one that short-circuited). */
  pluginAt(index: number): string | null {
    return this.plugins[index]?.name ?? null;
  }

  get hasChunkHooks(): boolean {
    return this.plugins.some((p) => p.hooks.streamChunkHook);
  }

  async httpPre(req: HttpRequest): Promise<{ ran: Ran; response?: HttpResponse }> {
    for (let i = 0; i < this.plugins.length; i++) {
      const p = this.plugins[i]!;
      const hook = p.hooks.httpPreHook;
      if (!hook) continue;
      try {
        const out = await runHook(this.rc, p, 'httpPreHook', () => hook.call(p.hooks, this.rc.viewFor(p.name, p.privileged), req));
        if (out !== SKIPPED && out) return { ran: i + 1, response: out };
      } catch (err) {
        return { ran: i + 1, response: errorHttpResponse(asGatewayError(err)) };
      }
    }
    return { ran: this.plugins.length };
  }

  async httpPost(ran: Ran, req: HttpRequest, res: HttpResponse): Promise<void> {
    for (let i = ran - 1; i >= 0; i--) {
      const p = this.plugins[i]!;
      const hook = p.hooks.httpPostHook;
      if (!hook) continue;
      try {
        await runHook(this.rc, p, 'httpPostHook', () => hook.call(p.hooks, this.rc.viewFor(p.name, p.privileged), req, res));
      } catch (err) {
        Object.assign(res, errorHttpResponse(asGatewayError(err)));
      }
    }
  }

  async llmPre(request: LLMRequest): Promise<{ ran: Ran; request: LLMRequest; shortCircuit?: LLMShortCircuit }> {
    let current = request;
    for (let i = 0; i < this.plugins.length; i++) {
      const p = this.plugins[i]!;
      const hook = p.hooks.preLLMHook;
      if (!hook) continue;
      let out: PreLLMResult | void | typeof SKIPPED;
      try {
        out = await runHook(this.rc, p, 'preLLMHook', () => hook.call(p.hooks, this.rc.viewFor(p.name, p.privileged), current));
      } catch (err) {
        return { ran: i + 1, request: current, shortCircuit: { error: asGatewayError(err) } };
      }
      if (out === SKIPPED || !out) continue;
      const mismatch = kindMismatch(current, out);
      if (mismatch) {
        this.rc.recordFailure({ plugin: p.name, hook: 'preLLMHook', message: mismatch, timedOut: false });
        continue;
      }
      if ('request' in out) {
        current = out.request;
        continue;
      }
      return { ran: i + 1, request: current, shortCircuit: out };
    }
    return { ran: this.plugins.length, request: current };
  }

  /** Post LLM hooks on a whole answer (or error), reverse order. */
  async llmPost(ran: Ran, kind: LLMRequestKind, outcome: LLMOutcome): Promise<LLMOutcome> {
    let { response, error } = outcome;
    for (let i = ran - 1; i >= 0; i--) {
      const p = this.plugins[i]!;
      const hook = p.hooks.postLLMHook;
      if (!hook) continue;
      let out: PostLLMResult | void | typeof SKIPPED;
      try {
        out = await runHook(this.rc, p, 'postLLMHook', () => hook.call(p.hooks, this.rc.viewFor(p.name, p.privileged, true), response, error));
      } catch (err) {
        response = undefined;
        error = asGatewayError(err);
        continue;
      }
      if (out === SKIPPED || !out) continue;
      if (out.response === undefined && out.error === undefined) {
        this.rc.recordFailure({ plugin: p.name, hook: 'postLLMHook', message: 'returned neither response nor error', timedOut: false });
        continue;
      }
      if (out.response !== undefined && (isStreamEvent(out.response) || out.response.kind !== kind)) {
        this.rc.recordFailure({ plugin: p.name, hook: 'postLLMHook', message: `returned something other than a ${kind} response`, timedOut: false });
        continue;
      }
      response = out.response;
      error = out.error;
    }
    return { response, error };
  }

  /**
   * The post LLM hooks per stream event, as a stage of the pipeThrough chain; none when no plugin
   * whose pre hook ran has one. The final event is known for certain only when the upstream ends,
   * so a finish that ends a batch waits for the next batch or the end (a finish is followed by
   * nothing but other choices' finishes); an error always ends the stream; nothing else waits.
   */
  llmPostStream(ran: Ran): TransformStream<StreamEvent[], StreamEvent[]> | undefined {
    const active = this.plugins.slice(0, ran).filter((p) => p.hooks.postLLMHook).reverse();
    if (active.length === 0) return undefined;
    const stage: StreamStage = { final: false };
    const views = active.map((p) => this.rc.stageView(p.name, p.privileged, stage));
    const slots = active.map((): StreamSlot => ({}));
    return finalAware<StreamEvent>({
      mayBeLast: (event) => event.type === 'finish',
      pass: async (event, last, out) => {
        stage.final = last || event.type === 'error';
        const current = await this.postEvent(active, views, slots, event);
        out.push(current);
        return current.type !== 'error';
      },
    });
  }

  /** One event through the active post hooks (already reversed). */
  private async postEvent(active: readonly PluginInstance[], views: readonly HookContext[], slots: readonly StreamSlot[], event: StreamEvent): Promise<StreamEvent> {
    let current: StreamEvent = event;
    for (let i = 0; i < active.length; i++) {
      const p = active[i]!;
      const hook = p.hooks.postLLMHook!;
      const [res, err] = current.type === 'error' ? [undefined, current.error] : [current, undefined];
      let out: PostLLMResult | void | typeof SKIPPED;
      try {
        // Per event: skip the await (a microtask per hook) when the hook answered synchronously.
        const pending = runHook(this.rc, p, 'postLLMHook', () => hook.call(p.hooks, views[i]!, res, err), slots[i]);
        out = pending instanceof Promise ? await pending : pending;
      } catch (e) {
        current = { type: 'error', error: asGatewayError(e) };
        continue;
      }
      if (out === SKIPPED || !out) continue;
      if (out.error) current = { type: 'error', error: out.error };
      else if (out.response && isStreamEvent(out.response)) current = out.response;
      else this.rc.recordFailure({ plugin: p.name, hook: 'postLLMHook', message: 'returned no stream event for a stream', timedOut: false });
    }
    return current;
  }

  /**
   * HTTP stream chunk hooks, reverse order; a `null` from any hook drops the chunk. Once the
   * stream is closing (only its end can follow), each batch's last chunk waits for the next batch
   * or the end, so exactly the stream's last chunk is handled as final.
   */
  chunkHooks(req: HttpRequest, end: Readonly<StreamEnd>): TransformStream<StreamChunk[], StreamChunk[]> {
    const active = this.plugins.filter((p) => p.hooks.streamChunkHook).reverse();
    const stage: StreamStage = { final: false };
    const views = active.map((p) => this.rc.stageView(p.name, p.privileged, stage));
    const slots = active.map((): StreamSlot => ({}));
    return finalAware<StreamChunk>({
      mayBeLast: () => end.closing,
      pass: async (chunk, final, out) => {
        stage.final = final;
        try {
          const kept = await this.chunkThroughHooks(active, views, slots, req, chunk);
          if (kept) out.push(kept);
          return true;
        } catch (e) {
          // A fail-closed chunk hook ends the stream with an error the client can read.
          out.push({ data: asGatewayError(e).toJSON() });
          return false;
        }
      },
    });
  }

  /** One chunk through the active chunk hooks; null when one drops it. Throws when fail-closed. */
  private async chunkThroughHooks(active: readonly PluginInstance[], views: readonly HookContext[], slots: readonly StreamSlot[], req: HttpRequest, chunk: StreamChunk): Promise<StreamChunk | null> {
    // A hook may change the chunk in place: the encoder's JSON of it is stale then.
    WrittenChunk.forget(chunk);
    let current = chunk;
    for (let i = 0; i < active.length; i++) {
      const p = active[i]!;
      const hook = p.hooks.streamChunkHook!;
      const input = current;
      const pending = runHook(this.rc, p, 'streamChunkHook', () => hook.call(p.hooks, views[i]!, req, input), slots[i]);
      const out = pending instanceof Promise ? await pending : pending;
      if (out === null) return null;
      if (out !== SKIPPED && out) current = out;
    }
    return current;
  }

  /** Every plugin's observer, once, each isolated and time-bounded; never throws. */
  async observe(finished: FinishedRequest): Promise<void> {
    const pending: Promise<unknown>[] = [];
    for (const p of this.plugins) {
      const hook = p.hooks.onRequestEnd;
      if (!hook) continue;
      const out = runHook(this.rc, p, 'onRequestEnd', () => hook.call(p.hooks, this.rc.viewFor(p.name, p.privileged), finished));
      if (out instanceof Promise) pending.push(out);
    }
    await Promise.all(pending);
  }
}

/** Why a pre hook's result cannot stand for the request it was given, if it cannot. */
function kindMismatch(current: LLMRequest, out: PreLLMResult): string | undefined {
  if ('request' in out) return out.request.kind === current.kind ? undefined : `replaced a ${current.kind} request with a ${out.request.kind} request`;
  if ('response' in out) return out.response.kind === current.kind ? undefined : `answered a ${current.kind} request with a ${out.response.kind} response`;
  if ('stream' in out) return current.kind === 'chat' ? undefined : `answered a ${current.kind} request with a stream`;
  return undefined;
}

function isStreamEvent(value: LLMResponse | StreamEvent): value is StreamEvent {
  return !('kind' in value);
}

function asGatewayError(err: unknown): GatewayError {
  return GatewayError.from(err, { status: 500, type: 'plugin_error', allowFallbacks: false });
}

export function errorHttpResponse(err: GatewayError): HttpResponse {
  return { status: err.status, headers: { 'content-type': 'application/json' }, body: err.toJSON() };
}
