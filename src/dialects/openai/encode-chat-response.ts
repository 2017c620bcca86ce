import { computeCost } from '../../pricing/compute-cost';
import type { ChatResponse, FinishReason } from '../../types/chat';

const OPENAI_REASONS = new Set(['stop', 'length', 'tool_calls', 'content_filter']);

export function openAIFinishReason(reason: FinishReason): string {
  return OPENAI_REASONS.has(reason.unified) ? reason.unified : (reason.raw ?? 'stop');
}

/** Canonical response → OpenAI's `chat.completion`, plus Bifrost-style `extra_fields`. */
export function encodeChatResponse(res: ChatResponse, fallbackIndex: number): Record<string, unknown> {
  return {
    ...res.extra,
    id: res.id,
    object: 'chat.completion',
    created: res.created,
    model: res.model,
    choices: res.choices.map((c) => ({
      index: c.index,
      message: c.message,
      logprobs: null,
      finish_reason: openAIFinishReason(c.finishReason),
    })),
    ...(res.usage ? { usage: res.usage } : {}),
    // Facts a plugin adds win: a cache hit reports `cost: 0`, since no provider was paid.
    extra_fields: { provider: res.provider, fallback_index: fallbackIndex, ...costField(res), ...res.extraFields },
  };
}

/** `cost` in USD when the model's price is known (Bifrost reports it in extra fields too). */
export function costField(res: ChatResponse): { cost?: number } {
  const cost = res.usage ? computeCost(res.model, res.usage) : undefined;
  return cost ? { cost: Number(cost.total.toFixed(10)) } : {};
}
