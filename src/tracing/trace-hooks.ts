import type { PluginHooks } from '../pipeline/define-plugin';
import { GatewayKeys, SharedKeys } from '../pipeline/gateway-keys';
import type { Completion, HookContext } from '../pipeline/hook-context';
import type { HttpRequest } from '../pipeline/http-types';
import type { TimelineView } from '../pipeline/timeline';
import { embeddingFacts, type LlmFacts, llmFactsCollector } from './llm-facts';
import { buildRequestTrace, type TraceSpan } from './request-trace';

// The hooks every trace exporter needs, so each one only maps the finished tree to its wire
// format: the LLM hooks collect each attempt's facts, the transport pre hook notes the request (and
// the gateway's W3C trace), and when the response is complete the request becomes a span tree.

export interface FinishedRequest {
  ctx: HookContext;
  /** The request as the transport pre hooks saw it (header names lower-cased). */
  req: HttpRequest;
  completion: Completion;
  /** The request's span first, then its attempts, tries and hooks (see `buildRequestTrace`). */
  spans: TraceSpan[];
  /** What each attempt asked and answered, by attempt index. */
  llm: ReadonlyMap<number, LlmFacts>;
  timeline: TimelineView;
}

export function traceHooks(onFinished: (finished: FinishedRequest) => void): Required<Pick<PluginHooks, 'httpPreHook' | 'preLLMHook' | 'postLLMHook'>> {
  const llm = llmFactsCollector();
  return {
    httpPreHook(ctx, req) {
      ctx.onComplete((completion) => {
        const facts = llm.take(ctx.requestId);
        // The gateway sets the timeline on every request; completion callbacks see it closed.
        const timeline = ctx.get(GatewayKeys.timeline)!;
        const answered = timeline.attempts.at(-1);
        const usage = completion.embedding?.usage;
        if (usage && answered) facts.set(answered.index, embeddingFacts(answered.provider, answered.model, usage));
        // The gateway's trace: the caller's (from its traceparent) or one it started.
        const { traceId, parentSpanId } = ctx.get(GatewayKeys.trace)!;
        const request = {
          traceId,
          parentSpanId,
          requestId: ctx.requestId,
          method: req.method,
          path: req.path,
          status: completion.status,
          start: ctx.startTime,
          end: Date.now(),
          virtualKey: ctx.get(GatewayKeys.virtualKey),
          cacheHit: ctx.get(SharedKeys.cacheHit) !== undefined,
          operation: completion.embedding ? ('embeddings' as const) : ('chat' as const),
        };
        onFinished({ ctx, req, completion, spans: buildRequestTrace(request, timeline, facts), llm: facts, timeline });
      });
    },
    preLLMHook: (ctx, req) => llm.preLLMHook(ctx, req),
    postLLMHook: (ctx, res, err) => llm.postLLMHook(ctx, res, err),
  };
}
