import type { RequestContext } from '../pipeline/hook-context';
import type { HookTiming } from '../pipeline/timeline';
import { GatewayKeys, type PluginFailure } from '../pipeline/gateway-keys';
import type { HttpRequest } from '../pipeline/http-types';
import type { TraceContext } from '../pipeline/trace-context';
import type { LLMRequestKind } from '../types/chat';
import { type Attempt, type ErrorFacts, errorFacts, type TokenUsage } from './attempt';

/**
 * A request once its response is complete (the last byte of a stream sent, or the client gone):
 * what observers (`onRequestEnd`) receive, Bifrost's finished trace. Every request the gateway
 * serves on its client routes ends as one, refused ones included (malformed JSON, 413, 404).
 */
export interface FinishedRequest {
  readonly requestId: string;
  /** The request as the transport hooks left it (lower-cased headers; no body if it did not parse). */
  readonly http: Readonly<HttpRequest>;
  /** The route pattern that matched (`/v1/chat/completions`); null when none did. */
  readonly route: string | null;
  /** What was asked for; null when the body never parsed into a request. */
  readonly kind: LLMRequestKind | null;
  readonly stream: boolean;
  /** The HTTP status sent (200 for a stream that started, whatever happened later in it). */
  readonly status: number;
  /** The error the client got: the response's, or the event a stream ended on. */
  readonly error: ErrorFacts | null;
  readonly start: number;
  readonly end: number;
  /** `provider/model` as the client named it. */
  readonly requestedModel: string | undefined;
  /** The virtual key's id, when governance resolved one. */
  readonly virtualKey: string | undefined;
  /** Every attempt in order: the primary, then each fallback tried. */
  readonly attempts: readonly Readonly<Attempt>[];
  /** The attempt whose answer the client received; undefined when none did. */
  readonly answer: Readonly<Attempt> | undefined;
  /** Summed over the attempts (what the request consumed in all). */
  readonly usage: TokenUsage | undefined;
  /** USD, summed over the attempts; undefined when no attempt had a known price. */
  readonly cost: number | undefined;
  /** Every hook call in the order it ran (per-event hooks aggregated per stream). */
  readonly hooks: readonly Readonly<HookTiming>[];
  /** Hooks that failed and were isolated. */
  readonly failures: readonly PluginFailure[];
  /** The W3C trace the request belongs to. */
  readonly trace: TraceContext;
}

/** Sums of the attempts' facts: one request's tokens and cost, as budgets and logs count them. */
function totals(attempts: readonly Readonly<Attempt>[]): { usage: TokenUsage | undefined; cost: number | undefined } {
  let usage: TokenUsage | undefined;
  let cost: number | undefined;
  for (const a of attempts) {
    if (a.usage) {
      usage ??= { input: 0, output: 0, total: 0 };
      usage.input += a.usage.input;
      usage.output += a.usage.output;
      usage.total += a.usage.total;
      if (a.usage.reasoning !== undefined) usage.reasoning = (usage.reasoning ?? 0) + a.usage.reasoning;
      if (a.usage.cachedInput !== undefined) usage.cachedInput = (usage.cachedInput ?? 0) + a.usage.cachedInput;
      if (a.usage.cacheWrite !== undefined) usage.cacheWrite = (usage.cacheWrite ?? 0) + a.usage.cacheWrite;
    }
    if (a.cost !== undefined) cost = (cost ?? 0) + a.cost;
  }
  return { usage, cost };
}

/** The finished request, read off the request's context; `end` is when its response completed. */
export function finishedRequest(rc: RequestContext, status: number, end: number): FinishedRequest {
  const { attempts, hooks } = rc.timeline;
  const answer = rc.answered;
  const streamError = rc.isStream && status < 400 ? answer?.error : null;
  return {
    requestId: rc.requestId,
    http: rc.http,
    route: rc.route,
    kind: rc.kind,
    stream: rc.isStream,
    status,
    error: rc.error ? errorFacts(rc.error) : (streamError ?? null),
    start: rc.startTime,
    end,
    requestedModel: rc.values.get(GatewayKeys.requestedModel.name) as string | undefined,
    virtualKey: rc.values.get(GatewayKeys.virtualKey.name) as string | undefined,
    attempts,
    answer,
    ...totals(attempts),
    hooks,
    failures: rc.failures,
    trace: rc.trace,
  };
}
