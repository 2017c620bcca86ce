import type { ChatRequest, ChatResponse } from '../../types/chat';
import { invalidUpstream } from '../upstream-errors';
import { mapFinishReason } from './map-finish-reason';
import { chatCompletionSchema } from './wire';

/** The canonical request is OpenAI's shape already: only routing fields are swapped out. */
export function toOpenAIChatBody(req: ChatRequest, stream: boolean): Record<string, unknown> {
  const body: Record<string, unknown> =
    req.prompt === undefined ? { ...req.params, model: req.model, messages: req.messages } : { ...req.params, model: req.model, prompt: req.prompt };
  if (stream) {
    body.stream = true;
    // Always ask for usage upstream: budgets and metrics need it even when the client did not.
    body.stream_options = { include_usage: true };
  }
  return body;
}

export function fromOpenAIChatResponse(provider: string, json: unknown): ChatResponse {
  const parsed = chatCompletionSchema.safeParse(json);
  if (!parsed.success) {
    throw invalidUpstream(provider, 'invalid_upstream_response', `sent a chat completion that does not parse: ${parsed.error.issues[0]?.message ?? 'unknown'}`);
  }
  const wire = parsed.data;
  const extra: Record<string, unknown> = {};
  if (wire.system_fingerprint) extra.system_fingerprint = wire.system_fingerprint;
  if (wire.service_tier) extra.service_tier = wire.service_tier;
  return {
    kind: 'chat',
    id: wire.id,
    created: wire.created,
    model: wire.model,
    provider,
    choices: wire.choices.map((c) => ({
      index: c.index,
      message: {
        role: 'assistant',
        content: c.message?.content ?? c.text ?? null,
        ...(c.message?.tool_calls ? { tool_calls: c.message.tool_calls } : {}),
      },
      finishReason: mapFinishReason(c.finish_reason),
    })),
    ...(wire.usage ? { usage: wire.usage } : {}),
    extra,
  };
}
