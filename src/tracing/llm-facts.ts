import { computeCost } from '../pricing/compute-cost';
import type { HookContext } from '../pipeline/hook-context';
import type { GatewayError } from '../errors/gateway-error';
import type { ChatMessage, ChatRequest, ChatResponse, FinishReason, StreamEvent, Usage } from '../types/chat';

// What a tracing plugin learns of each attempt from its own LLM hooks: the request as the
// provider received it, and the answer (usage, finish reasons, text, cost). The gateway's timeline
// gives the when; this gives the what. One collector per plugin instance, keyed by request.

export interface LlmFacts {
  provider: string;
  model: string;
  messages: ChatMessage[];
  params: Record<string, unknown>;
  stream: boolean;
  responseId?: string;
  responseModel?: string;
  outputText: string;
  finishReasons: FinishReason['unified'][];
  usage?: Usage;
  cost?: number;
  error?: { type: string; message: string; status: number };
  /** Time of the first streamed content event (time to first token). */
  firstTokenAt?: number;
}

export interface LlmFactsCollector {
  preLLMHook(ctx: HookContext, req: ChatRequest): void;
  postLLMHook(ctx: HookContext, res: ChatResponse | StreamEvent | undefined, err: GatewayError | undefined): void;
  /** Per attempt index, for a request id; forgets the request. */
  take(requestId: string): Map<number, LlmFacts>;
}

/**
 * Requests in flight an isolate keeps facts for. Completion normally takes them; a request that
 * died without completing (a gateway bug) must not hold its facts for the isolate's life.
 */
const MAX_REQUESTS = 1000;

export function llmFactsCollector(): LlmFactsCollector {
  const byRequest = new Map<string, Map<number, LlmFacts>>();
  return {
    preLLMHook(ctx, req) {
      let attempts = byRequest.get(ctx.requestId);
      if (!attempts) {
        byRequest.set(ctx.requestId, (attempts = new Map()));
        // Maps iterate in insertion order: the first key is the oldest request.
        if (byRequest.size > MAX_REQUESTS) byRequest.delete(byRequest.keys().next().value!);
      }
      attempts.set(ctx.fallbackIndex, {
        provider: req.provider,
        model: req.model,
        messages: req.messages,
        params: req.params,
        stream: req.stream,
        outputText: '',
        finishReasons: [],
      });
    },
    postLLMHook(ctx, res, err) {
      const facts = byRequest.get(ctx.requestId)?.get(ctx.fallbackIndex);
      if (!facts) return;
      if (err) facts.error = { type: err.type, message: err.message, status: err.status };
      if (!res) return;
      if ('type' in res) {
        if (res.type === 'start') Object.assign(facts, { responseId: res.id, responseModel: res.model });
        else if (res.type === 'text-delta') {
          facts.firstTokenAt ??= Date.now();
          facts.outputText += res.text;
        } else if (res.type === 'finish') {
          facts.finishReasons.push(res.finishReason.unified);
          if (res.usage) facts.usage = res.usage;
        }
      } else {
        facts.responseId = res.id;
        facts.responseModel = res.model;
        facts.outputText = res.choices.map((c) => (typeof c.message.content === 'string' ? c.message.content : '')).join('');
        facts.finishReasons = res.choices.map((c) => c.finishReason.unified);
        if (res.usage) facts.usage = res.usage;
      }
      if (facts.usage) facts.cost = computeCost(facts.responseModel ?? facts.model, facts.usage)?.total;
    },
    take(requestId) {
      const facts = byRequest.get(requestId) ?? new Map();
      byRequest.delete(requestId);
      return facts;
    },
  };
}

/**
 * Embeddings run no LLM hooks: the answering attempt's facts come from the completion instead
 * (its usage and cost), so exporters see embeddings' tokens as they see chat's.
 */
export function embeddingFacts(provider: string, model: string, usage: Usage): LlmFacts {
  return {
    provider,
    model,
    messages: [],
    params: {},
    stream: false,
    outputText: '',
    finishReasons: [],
    usage,
    cost: computeCost(model, usage)?.total,
  };
}
