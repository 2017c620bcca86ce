import { GatewayError } from '../errors/gateway-error';
import { recorder } from '../telemetry/isolate-metrics';
import { type ContextKey, isReserved } from './context-key';
import { GatewayKeys, type PluginFailure } from './gateway-keys';
import type { Usage } from '../types/chat';
import { Timeline } from './timeline';
import { type TraceContext, traceContextFrom } from './trace-context';

export interface PluginLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

/** What a hook sees of its request. One per plugin per request, all backed by one RequestContext. */
export interface HookContext {
  readonly requestId: string;
  readonly plugin: string;
  readonly env: Cloudflare.Env;
  readonly log: PluginLogger;
  readonly startTime: number;
  /** The provider/model of the current attempt (undefined in HTTP pre hooks before parsing). */
  readonly provider: string | undefined;
  readonly model: string | undefined;
  /** 0 for the primary attempt, n for the n-th fallback. */
  readonly fallbackIndex: number;
  readonly isStream: boolean;
  /** On streams: true for the event that ends the stream (finish or error). */
  readonly isFinalChunk: boolean;
  get<T>(key: ContextKey<T>): T | undefined;
  /** Throws for gateway-reserved keys (`heimdall.*`). */
  set<T>(key: ContextKey<T>, value: T): void;
  waitUntil(promise: Promise<unknown>): void;
  /** Adds a header to the response the client receives, streamed or not (e.g. a cache status). */
  setResponseHeader(name: string, value: string): void;
  /**
   * Runs `callback` once the response is complete: after the HTTP post hooks, or after a stream's
   * last chunk was sent (or the client hung up). `status` is the HTTP status sent.
   */
  onComplete(callback: (result: Completion) => void): void;
}

/** How a request ended, as completion callbacks see it. */
export interface Completion {
  /** The HTTP status sent. */
  status: number;
  /**
   * Set for embeddings, which run no LLM hooks: the upstream outcome, so built-ins can count its
   * tokens and cost against budgets, logs and metrics as they do for chat in their LLM hooks.
   */
  embedding?: { usage: Usage | undefined; error: { type: string; message: string } | undefined };
}

/** The shared per-request state. Only the gateway holds this; plugins get HookContext views. */
export class RequestContext {
  readonly values = new Map<string, unknown>();
  readonly failures: PluginFailure[] = [];
  readonly timeline = new Timeline();
  provider: string | undefined;
  model: string | undefined;
  fallbackIndex = 0;
  isStream = false;
  isFinalChunk = false;
  /** `x-bf-api-key`: the provider key the client asked for by name. */
  pinnedKey: string | undefined;
  /** Headers hooks asked to add to the client's response. */
  readonly responseHeaders: Record<string, string> = {};
  private readonly views = new Map<string, HookContext>();

  /** The W3C trace this request belongs to (the caller's, or a new one). */
  readonly trace: TraceContext;

  constructor(
    readonly requestId: string,
    readonly env: Cloudflare.Env,
    readonly executionCtx: Pick<ExecutionContext, 'waitUntil'>,
    /** The incoming `traceparent` header, if any. */
    traceparentHeader?: string,
    readonly startTime: number = Date.now(),
  ) {
    this.trace = traceContextFrom(traceparentHeader);
    this.values.set(GatewayKeys.pluginFailures.name, this.failures);
    this.values.set(GatewayKeys.timeline.name, this.timeline);
    this.values.set(GatewayKeys.trace.name, this.trace);
  }

  /** The gateway's own write path, allowed for reserved keys. */
  setGatewayValue<T>(key: ContextKey<T>, value: T): void {
    this.values.set(key.name, value);
  }

  private readonly completions: { plugin: string; callback: (result: Completion) => void }[] = [];

  addCompletion(plugin: string, callback: (result: Completion) => void): void {
    this.completions.push({ plugin, callback });
  }

  /** The response is done: run the completion callbacks, each isolated like a hook. */
  complete(status: number, embedding?: Completion['embedding']): void {
    const result: Completion = embedding ? { status, embedding } : { status };
    this.timeline.close();
    for (const { plugin, callback } of this.completions.splice(0)) {
      try {
        callback(result);
      } catch (err) {
        this.recordFailure({ plugin, hook: 'onComplete', message: err instanceof Error ? err.message : String(err), timedOut: false });
      }
    }
  }

  recordFailure(failure: PluginFailure): void {
    this.failures.push(failure);
    recorder.inc('heimdall_plugin_failures_total', { plugin: failure.plugin, hook: failure.hook, timed_out: String(failure.timedOut) });
    console.error(JSON.stringify({ level: 'error', msg: 'plugin hook failed', request_id: this.requestId, ...failure }));
  }

  viewFor(plugin: string, privileged = false): HookContext {
    let view = this.views.get(plugin);
    if (!view) {
      view = new PluginView(this, plugin, privileged);
      this.views.set(plugin, view);
    }
    return view;
  }
}

class PluginView implements HookContext {
  readonly log: PluginLogger;

  constructor(
    private readonly rc: RequestContext,
    readonly plugin: string,
    private readonly privileged: boolean,
  ) {
    this.log = scopedLogger(rc.requestId, plugin);
  }

  get requestId() { return this.rc.requestId; }
  get env() { return this.rc.env; }
  get startTime() { return this.rc.startTime; }
  get provider() { return this.rc.provider; }
  get model() { return this.rc.model; }
  get fallbackIndex() { return this.rc.fallbackIndex; }
  get isStream() { return this.rc.isStream; }
  get isFinalChunk() { return this.rc.isFinalChunk; }

  get<T>(key: ContextKey<T>): T | undefined {
    return this.rc.values.get(key.name) as T | undefined;
  }

  set<T>(key: ContextKey<T>, value: T): void {
    if (isReserved(key) && !this.privileged) {
      throw new GatewayError({
        status: 500,
        type: 'plugin_error',
        code: 'reserved_context_key',
        message: `plugin "${this.plugin}" may not write the reserved context key "${key.name}"`,
      });
    }
    this.rc.values.set(key.name, value);
  }

  waitUntil(promise: Promise<unknown>): void {
    this.rc.executionCtx.waitUntil(promise);
  }

  setResponseHeader(name: string, value: string): void {
    this.rc.responseHeaders[name.toLowerCase()] = value;
  }

  onComplete(callback: (result: Completion) => void): void {
    this.rc.addCompletion(this.plugin, callback);
  }
}

function scopedLogger(requestId: string, plugin: string): PluginLogger {
  const write = (level: string, message: string, fields?: Record<string, unknown>) =>
    console.log(JSON.stringify({ level, plugin, request_id: requestId, msg: message, ...fields }));
  return {
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
  };
}
