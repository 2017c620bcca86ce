import { GatewayError } from '../errors/gateway-error';
import type { Attempt } from '../facts/attempt';
import { recorder } from '../metrics/recorder';
import type { LLMRequestKind } from '../types/chat';
import { type ContextKey, isReserved } from './context-key';
import { GatewayKeys, type PluginFailure } from './gateway-keys';
import type { HttpRequest } from './http-types';
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
  /**
   * On streams: true for exactly one call per stream, the last event (post LLM hooks) or the last
   * chunk (chunk hooks); each stage knows its own. Always true in non-streaming post LLM hooks.
   */
  readonly isFinalChunk: boolean;
  get<T>(key: ContextKey<T>): T | undefined;
  /** Every value of the shared context by name (what a WASM plugin's `context` is made of). */
  entries(): IterableIterator<[string, unknown]>;
  /** Throws for gateway-reserved keys (`heimdall.*`). */
  set<T>(key: ContextKey<T>, value: T): void;
  waitUntil(promise: Promise<unknown>): void;
  /** Adds a header to the response the client receives, streamed or not (e.g. a cache status). */
  setResponseHeader(name: string, value: string): void;
}

/** Whether the hooks called through a view are handling the final event or chunk of a stream. */
export interface StreamStage {
  final: boolean;
}

const NOT_FINAL: StreamStage = Object.freeze({ final: false });
const FINAL: StreamStage = Object.freeze({ final: true });

/** A stream the request settles when it closes first (the client hung up): the attempt's facts. */
export interface TrackedStream {
  readonly ended: boolean;
  end(error: GatewayError): void;
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
  /** What the client asked for, once its body parsed. */
  kind: LLMRequestKind | null = null;
  /** `x-bf-api-key`: the provider key the client asked for by name. */
  pinnedKey: string | undefined;
  /** Aborts when the client hangs up (workerd's `enable_request_signal`): a non-streamed upstream call stops with it. */
  clientSignal: AbortSignal | undefined;
  /** The route pattern that matched; null when none did (a 404). */
  route: string | null = null;
  /** The error the client was sent, when the response is one (or a stream ended on one). */
  error: GatewayError | undefined;
  /** The attempt whose answer the client received. */
  answered: Attempt | undefined;
  /** Headers hooks asked to add to the client's response. */
  readonly responseHeaders: Record<string, string> = {};
  private readonly views = new Map<string, HookContext>();
  private readonly finalViews = new Map<string, HookContext>();
  /** Streams of this request: any still flowing when it closes was cut off by the client. */
  private readonly openStreams = new Set<TrackedStream>();

  /** The W3C trace this request belongs to (the caller's, or a new one). */
  readonly trace: TraceContext;

  constructor(
    readonly requestId: string,
    readonly env: Cloudflare.Env,
    readonly executionCtx: Pick<ExecutionContext, 'waitUntil'>,
    /** The transport view of the request: headers and query now, the body once it is read. */
    readonly http: HttpRequest,
    readonly startTime: number = Date.now(),
  ) {
    this.trace = traceContextFrom(http.headers.traceparent);
    this.values.set(GatewayKeys.pluginFailures.name, this.failures);
    this.values.set(GatewayKeys.timeline.name, this.timeline);
    this.values.set(GatewayKeys.trace.name, this.trace);
  }

  /** The gateway's own write path, allowed for reserved keys. */
  setGatewayValue<T>(key: ContextKey<T>, value: T): void {
    this.values.set(key.name, value);
  }

  /** A stream to settle when the request closes, unless it ended by then. */
  trackStream(stream: TrackedStream): void {
    this.openStreams.add(stream);
  }

  /** The response is done: open streams settle as cut off by the client, open timings end. */
  close(): void {
    // The error is built only for a stream still open: nearly every stream has ended by now, and an
    // Error's stack capture was ~1% of a streamed request's CPU when it was built for each.
    let cutOff: GatewayError | undefined;
    for (const stream of this.openStreams) {
      if (stream.ended) continue;
      cutOff ??= new GatewayError({ status: 499, type: 'client_closed', code: 'client_closed', message: 'the client closed the connection before the stream ended' });
      stream.end(cutOff);
    }
    this.openStreams.clear();
    this.timeline.close();
  }

  recordFailure(failure: PluginFailure): void {
    this.failures.push(failure);
    recorder.inc('heimdall_plugin_failures_total', { plugin: failure.plugin, hook: failure.hook, timed_out: String(failure.timedOut) });
    console.error(JSON.stringify({ level: 'error', msg: 'plugin hook failed', request_id: this.requestId, ...failure }));
  }

  /** The view a plugin's hooks get; `final` for non-streaming post LLM hooks. */
  viewFor(plugin: string, privileged = false, final = false): HookContext {
    const cache = final ? this.finalViews : this.views;
    let view = cache.get(plugin);
    if (!view) {
      view = new PluginView(this, plugin, privileged, final ? FINAL : NOT_FINAL);
      cache.set(plugin, view);
    }
    return view;
  }

  /** A view for one stream stage, whose `isFinalChunk` follows that stage alone. */
  stageView(plugin: string, privileged: boolean, stage: StreamStage): HookContext {
    return new PluginView(this, plugin, privileged, stage);
  }
}

class PluginView implements HookContext {
  readonly log: PluginLogger;

  constructor(
    private readonly rc: RequestContext,
    readonly plugin: string,
    private readonly privileged: boolean,
    private readonly stage: StreamStage,
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
  get isFinalChunk() { return this.stage.final; }

  get<T>(key: ContextKey<T>): T | undefined {
    return this.rc.values.get(key.name) as T | undefined;
  }

  entries(): IterableIterator<[string, unknown]> {
    return this.rc.values.entries();
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
