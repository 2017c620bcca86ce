import type { ChatRequest, ChatResponse, ReasoningPart } from '../../types/chat';
import { readAnswer } from '../read-wire';
import { OPENAI_COMPAT, type OpenAICompat, toOpenAIMessages, toolsFor } from './compat';
import { mapFinishReason } from './map-finish-reason';
import { plainCompletion } from './plain-wire';
import { partsOfDetails } from './reasoning-details';
import { type ChatCompletionWire, chatCompletionSchema } from './wire';

/**
 * The canonical request is OpenAI's shape already: routing fields are swapped out, canonical-only
 * message fields left out (or sent as the server reads them), reasoning asked for in its words.
 * `response_format` and every other parameter pass through as the client sent them.
 */
export function toOpenAIChatBody(req: ChatRequest, stream: boolean, compat: OpenAICompat = OPENAI_COMPAT, provider = req.provider): Record<string, unknown> {
  const body: Record<string, unknown> =
    req.prompt === undefined
      ? { ...req.params, model: req.model, messages: toOpenAIMessages(req.messages, compat) }
      : { ...req.params, model: req.model, prompt: req.prompt };
  if (req.reasoning) Object.assign(body, compat.reasoning(req.reasoning, provider, req.model));
  if (body.tools !== undefined) body.tools = toolsFor(body.tools, compat);
  if (body.max_tokens !== undefined && body.max_completion_tokens === undefined && compat.completionTokensOnly?.(req.model)) {
    body.max_completion_tokens = body.max_tokens;
    delete body.max_tokens;
  }
  if (stream) {
    body.stream = true;
    // Always ask for usage upstream: budgets and metrics need it even when the client did not.
    body.stream_options = { include_usage: true };
  }
  return body;
}

type WireMessage = NonNullable<ChatCompletionWire['choices'][number]['message']>;

/** The answer's reasoning: OpenRouter's details when sent (they carry the opaque forms), else the text. */
function reasoningOf(m: WireMessage): ReasoningPart[] | undefined {
  if (m.reasoning_details?.length) {
    const parts = partsOfDetails(m.reasoning_details);
    if (parts.length > 0) return parts;
  }
  const text = m.reasoning_content ?? m.reasoning;
  return text ? [{ text }] : undefined;
}

export function fromOpenAIChatResponse(provider: string, json: unknown): ChatResponse {
  const wire = readAnswer(json, chatCompletionSchema, provider, 'sent a chat completion', plainCompletion);
  const extra: Record<string, unknown> = {};
  if (wire.system_fingerprint) extra.system_fingerprint = wire.system_fingerprint;
  if (wire.service_tier) extra.service_tier = wire.service_tier;
  return {
    kind: 'chat',
    id: wire.id,
    created: wire.created,
    model: wire.model,
    provider,
    choices: wire.choices.map((c) => {
      const reasoning = c.message && reasoningOf(c.message);
      return {
        index: c.index,
        message: {
          role: 'assistant',
          content: c.message?.content ?? c.text ?? null,
          ...(c.message?.tool_calls ? { tool_calls: c.message.tool_calls } : {}),
          ...(reasoning ? { reasoning } : {}),
        },
        finishReason: mapFinishReason(c.finish_reason),
      };
    }),
    ...(wire.usage ? { usage: wire.usage } : {}),
    extra,
  };
}
