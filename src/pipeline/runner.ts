import { GatewayError } from '../errors/gateway-error';
import type { ChatRequest, ChatResponse, StreamEvent } from '../types/chat';
import type { PostLLMResult, PreLLMResult } from './define-plugin';
import type { RequestContext } from './hook-context';
import type { HttpRequest, HttpResponse, StreamChunk } from './http-types';
import type { PluginInstance, PluginSet } from './plugin-set';
import { runHook, SKIPPED } from './run-hook';
import type { StreamSlot } from './timeline';

/** How far down the sequence a pre phase got: post hooks run for plugins [0, ran) in reverse. */
export type Ran = number;

export type LLMShortCircuit = Exclude<PreLLMResult, { request: ChatRequest }>;

export interface LLMOutcome {
  response?: ChatResponse;
  error?: GatewayError;
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

  async llmPre(request: ChatRequest): Promise<{ ran: Ran; request: ChatRequest; shortCircuit?: LLMShortCircuit }> {
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
      if ('request' in out) {
        current = out.request;
        continue;
      }
      return { ran: i + 1, request: current, shortCircuit: out };
    }
    return { ran: this.plugins.length, request: current };
  }

  async llmPost(ran: Ran, outcome: LLMOutcome): Promise<LLMOutcome> {
    let { response, error } = outcome;
    for (let i = ran - 1; i >= 0; i--) {
      const p = this.plugins[i]!;
      const hook = p.hooks.postLLMHook;
      if (!hook) continue;
      let out: PostLLMResult | void | typeof SKIPPED;
      try {
        out = await runHook(this.rc, p, 'postLLMHook', () => hook.call(p.hooks, this.rc.viewFor(p.name, p.privileged), response, error));
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
      if (out.response !== undefined && isStreamEvent(out.response)) {
        this.rc.recordFailure({ plugin: p.name, hook: 'postLLMHook', message: 'returned a stream event for a non-streaming response', timedOut: false });
        continue;
      }
      response = out.response;
      error = out.error;
    }
    return { response, error };
  }

  /** Post LLM hooks per stream event, as a stage of the pipeThrough chain; none if no plugin has one. */
  llmPostStream(ran: Ran): TransformStream<StreamEvent[], StreamEvent[]> | undefined {
    const active = this.plugins.slice(0, ran).filter((p) => p.hooks.postLLMHook).reverse();
    if (active.length === 0) return undefined;
    const slots = active.map((): StreamSlot => ({}));
    return new TransformStream({
      transform: async (batch, controller) => {
        const out: StreamEvent[] = [];
        for (const event of batch) out.push(await this.postEvent(active, slots, event));
        controller.enqueue(out);
      },
    });
  }

  /** One event through the active post hooks (already reversed). */
  private async postEvent(active: readonly PluginInstance[], slots: readonly StreamSlot[], event: StreamEvent): Promise<StreamEvent> {
    this.rc.isFinalChunk = event.type === 'finish' || event.type === 'error';
    let current: StreamEvent = event;
    for (let i = 0; i < active.length; i++) {
      const p = active[i]!;
      const hook = p.hooks.postLLMHook!;
      const [res, err] = current.type === 'error' ? [undefined, current.error] : [current, undefined];
      let out: PostLLMResult | void | typeof SKIPPED;
      try {
        // Per event: skip the await (a microtask per hook) when the hook answered synchronously.
        const pending = runHook(this.rc, p, 'postLLMHook', () => hook.call(p.hooks, this.rc.viewFor(p.name, p.privileged), res, err), slots[i]);
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

  /** HTTP stream chunk hooks, reverse order; a `null` from any hook drops the chunk. */
  chunkHooks(req: HttpRequest): TransformStream<StreamChunk[], StreamChunk[]> {
    const active = this.plugins.filter((p) => p.hooks.streamChunkHook).reverse();
    const slots = active.map((): StreamSlot => ({}));
    return new TransformStream({
      transform: async (batch, controller) => {
        const out: StreamChunk[] = [];
        for (const chunk of batch) {
          try {
            const kept = await this.chunkThroughHooks(active, slots, req, chunk);
            if (kept) out.push(kept);
          } catch (e) {
            // A fail-closed chunk hook ends the stream with an error the client can read.
            out.push({ data: asGatewayError(e).toJSON() });
            controller.enqueue(out);
            controller.terminate();
            return;
          }
        }
        if (out.length > 0) controller.enqueue(out);
      },
    });
  }

  /** One chunk through the active chunk hooks; null when one drops it. Throws when fail-closed. */
  private async chunkThroughHooks(active: readonly PluginInstance[], slots: readonly StreamSlot[], req: HttpRequest, chunk: StreamChunk): Promise<StreamChunk | null> {
    let current = chunk;
    for (let i = 0; i < active.length; i++) {
      const p = active[i]!;
      const hook = p.hooks.streamChunkHook!;
      const input = current;
      const pending = runHook(this.rc, p, 'streamChunkHook', () => hook.call(p.hooks, this.rc.viewFor(p.name, p.privileged), req, input), slots[i]);
      const out = pending instanceof Promise ? await pending : pending;
      if (out === null) return null;
      if (out !== SKIPPED && out) current = out;
    }
    return current;
  }
}

function isStreamEvent(value: ChatResponse | StreamEvent): value is StreamEvent {
  return 'type' in value;
}

function asGatewayError(err: unknown): GatewayError {
  return GatewayError.from(err, { status: 500, type: 'plugin_error', allowFallbacks: false });
}

export function errorHttpResponse(err: GatewayError): HttpResponse {
  return { status: err.status, headers: { 'content-type': 'application/json' }, body: err.toJSON() };
}
