import type { Attempt, TryTiming } from '../facts/attempt';
import type { FinishedRequest } from '../facts/finished-request';
import type { HookTiming } from '../pipeline/timeline';
import { randomSpanId } from '../pipeline/trace-context';
import type { ChatMessage } from '../types/chat';

// A finished request as a tree of spans, independent of any backend: the request (server span),
// its transport hooks, each attempt (the LLM call: primary, fallbacks) with its LLM hooks and its
// upstream tries (retries). Exporters (OTLP, Datadog, Maxim) map this tree to their wire format;
// every fact on it is the gateway's (FinishedRequest, Attempt), read, never re-derived.

export type SpanFacts =
  | { type: 'request'; request: FinishedRequest }
  | { type: 'attempt'; attempt: Readonly<Attempt> }
  | { type: 'try'; attempt: Readonly<Attempt>; try: TryTiming }
  | { type: 'hook'; hook: Readonly<HookTiming> };

export interface TraceSpan {
  spanId: string;
  parentSpanId: string | undefined;
  name: string;
  kind: 'server' | 'client' | 'internal';
  start: number;
  end: number;
  /** Set when the span failed: the error message. */
  error: string | undefined;
  facts: SpanFacts;
}

/** GenAI's operation name for what an attempt asked the provider for. */
export const operationName = (attempt: Readonly<Attempt>): 'chat' | 'embeddings' => (attempt.kind === 'embedding' ? 'embeddings' : 'chat');

/** The messages a chat attempt sent (none for other kinds). */
export const sentMessages = (attempt: Readonly<Attempt>): readonly ChatMessage[] => (attempt.request?.kind === 'chat' ? attempt.request.messages : []);

/** The parameters an attempt sent, as passed through to the provider. */
export const sentParams = (attempt: Readonly<Attempt>): Readonly<Record<string, unknown>> => attempt.request?.params ?? {};

export function buildRequestTrace(finished: FinishedRequest): TraceSpan[] {
  const root: TraceSpan = {
    spanId: randomSpanId(),
    parentSpanId: finished.trace.parentSpanId,
    name: `${finished.http.method} ${finished.route ?? finished.http.path}`,
    kind: 'server',
    start: finished.start,
    end: finished.end,
    error: finished.status >= 400 ? `HTTP ${finished.status}` : undefined,
    facts: { type: 'request', request: finished },
  };
  const spans = [root];
  const attemptSpans = new Map<number, string>();
  for (const attempt of finished.attempts) {
    const span: TraceSpan = {
      spanId: randomSpanId(),
      parentSpanId: root.spanId,
      // GenAI semantic conventions name an inference span "{operation} {model}".
      name: `${operationName(attempt)} ${attempt.model}`,
      kind: attempt.answeredBy ? 'internal' : 'client',
      start: attempt.start,
      end: attempt.end ?? finished.end,
      error: attempt.error?.message,
      facts: { type: 'attempt', attempt },
    };
    attemptSpans.set(attempt.index, span.spanId);
    spans.push(span);
    for (const t of attempt.tries) {
      spans.push({
        // The id the provider saw as its parent in the `traceparent` it received.
        spanId: t.spanId,
        parentSpanId: span.spanId,
        name: `${attempt.provider} try ${t.try}`,
        kind: 'client',
        start: t.start,
        end: t.end ?? span.end,
        error: t.error ?? undefined,
        facts: { type: 'try', attempt, try: t },
      });
    }
  }
  for (const hook of finished.hooks) {
    spans.push({
      spanId: randomSpanId(),
      parentSpanId: (hook.attempt !== null && attemptSpans.get(hook.attempt)) || root.spanId,
      name: `${hook.plugin}.${hook.hook}`,
      kind: 'internal',
      start: hook.start,
      end: hook.end,
      error: hook.failed ? 'hook failed (isolated)' : undefined,
      facts: { type: 'hook', hook },
    });
  }
  return spans;
}

/** The request of a tree `buildRequestTrace` made (its first span is the request's). */
export function requestOf(spans: readonly TraceSpan[]): FinishedRequest {
  const root = spans[0]!.facts;
  if (root.type !== 'request') throw new Error('a request trace starts with its request span');
  return root.request;
}

/** The W3C trace id of a tree `buildRequestTrace` made. */
export const traceIdOf = (spans: readonly TraceSpan[]): string => requestOf(spans).trace.traceId;
