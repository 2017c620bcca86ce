import type { AttemptTiming, HookTiming, TimelineView, TryTiming } from '../pipeline/timeline';
import { randomSpanId } from '../pipeline/trace-context';
import type { LlmFacts } from './llm-facts';

// One request as a tree of spans, independent of any backend: the request (server span), its
// transport hooks, each attempt (the LLM call: primary, fallbacks) with its LLM hooks and its
// upstream tries (retries). Exporters (OTLP, Datadog, Maxim) map this tree to their wire format.

export interface RequestFacts {
  traceId: string;
  /** The caller's span, from an incoming `traceparent`. */
  parentSpanId?: string | undefined;
  requestId: string;
  method: string;
  path: string;
  status: number;
  start: number;
  end: number;
  virtualKey?: string | undefined;
  cacheHit?: boolean;
  /** GenAI's operation name: what each attempt asked the provider for. */
  operation: 'chat' | 'embeddings';
}

export type SpanFacts =
  | { type: 'request'; request: RequestFacts }
  | { type: 'attempt'; attempt: AttemptTiming; llm: LlmFacts | undefined; operation: RequestFacts['operation'] }
  | { type: 'try'; attempt: AttemptTiming; try: TryTiming }
  | { type: 'hook'; hook: HookTiming };

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


export function buildRequestTrace(request: RequestFacts, timeline: TimelineView, llm: ReadonlyMap<number, LlmFacts>): TraceSpan[] {
  const root: TraceSpan = {
    spanId: randomSpanId(),
    parentSpanId: request.parentSpanId,
    name: `${request.method} ${request.path}`,
    kind: 'server',
    start: request.start,
    end: request.end,
    error: request.status >= 400 ? `HTTP ${request.status}` : undefined,
    facts: { type: 'request', request },
  };
  const spans = [root];
  const attemptSpans = new Map<number, string>();
  for (const attempt of timeline.attempts) {
    const facts = llm.get(attempt.index);
    const span: TraceSpan = {
      spanId: randomSpanId(),
      parentSpanId: root.spanId,
      // GenAI semantic conventions name an inference span "{operation} {model}".
      name: `${request.operation} ${attempt.model}`,
      kind: attempt.shortCircuitBy ? 'internal' : 'client',
      start: attempt.start,
      end: attempt.end ?? request.end,
      error: attempt.outcome === 'error' ? (attempt.error ?? 'error') : undefined,
      facts: { type: 'attempt', attempt, llm: facts, operation: request.operation },
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
  for (const hook of timeline.hooks) {
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

/** The W3C trace id of a tree `buildRequestTrace` made (its first span is the request's). */
export function traceIdOf(spans: readonly TraceSpan[]): string {
  const root = spans[0]!.facts;
  if (root.type !== 'request') throw new Error('a request trace starts with its request span');
  return root.request.traceId;
}
