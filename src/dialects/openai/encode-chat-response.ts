import type { ExtraFields } from '../dialect';
import type { ChatResponse, FinishReason } from '../../types/chat';
import { wireMessage } from './reasoning-message';

const OPENAI_REASONS = new Set(['stop', 'length', 'tool_calls', 'content_filter']);

export function openAIFinishReason(reason: FinishReason): string {
  return OPENAI_REASONS.has(reason.unified) ? reason.unified : (reason.raw ?? 'stop');
}

/** Canonical response → OpenAI's `chat.completion`, plus Bifrost-style `extra_fields`. */
export function encodeChatResponse(res: ChatResponse, extraFields: ExtraFields): Record<string, unknown> {
  return {
    ...res.extra,
    id: res.id,
    object: 'chat.completion',
    created: res.created,
    model: res.model,
    choices: res.choices.map((c) => ({
      index: c.index,
      message: wireMessage(c.message),
      logprobs: null,
      finish_reason: openAIFinishReason(c.finishReason),
    })),
    ...(res.usage ? { usage: res.usage } : {}),
    extra_fields: extraFields,
  };
}
