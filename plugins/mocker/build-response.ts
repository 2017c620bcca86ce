import type { PreLLMResult } from '../../src/pipeline/define-plugin';
import { GatewayError } from '../../src/errors/gateway-error';
import type { ChatRequest, ChatResponse, FinishReason, StreamEvent, Usage } from '../../src/types/chat';
import type { ErrorContent, SuccessContent } from './config-schema';

export const DEFAULT_MOCK_MESSAGE = 'This is a mock response from the Mocker plugin';
export const DEFAULT_MOCK_ERROR = 'Mocker: no rule matched';

/** What `default_behavior: success` answers with: the default message, usage 10/20/30, stop. */
export const DEFAULT_SUCCESS: SuccessContent = {
  message: DEFAULT_MOCK_MESSAGE,
  usage: { prompt_tokens: 10, completion_tokens: 20, total_tokens: 30 },
  finish_reason: 'stop',
};

const UNIFIED_REASONS: ReadonlySet<string> = new Set(['stop', 'length', 'tool_calls', 'content_filter']);

export function toFinishReason(raw: string): FinishReason {
  const unified = UNIFIED_REASONS.has(raw) ? (raw as FinishReason['unified']) : 'other';
  return { unified, raw };
}

/** `message_template` wins over `message`, as in Bifrost. */
export function renderMessage(content: SuccessContent, req: ChatRequest): string {
  if (content.message_template === undefined) return content.message ?? '';
  // Replacer functions, so a `$` in a provider or model name is not read as a replacement pattern.
  return content.message_template.replaceAll('{{provider}}', () => req.provider).replaceAll('{{model}}', () => req.model);
}

/** A short-circuit success: a whole ChatResponse, or a stream of events if the client streams. */
export function buildSuccess(content: SuccessContent, req: ChatRequest, requestId: string): PreLLMResult {
  const text = renderMessage(content, req);
  const id = `mock-${requestId}`;
  const created = Math.floor(Date.now() / 1000);
  const model = content.model ?? req.model;
  const finishReason = toFinishReason(content.finish_reason);
  const usage: Usage = { ...content.usage };
  const extra = content.custom_fields === undefined ? undefined : { ...content.custom_fields };

  if (req.stream) {
    const start: StreamEvent = extra ? { type: 'start', id, created, model, extra } : { type: 'start', id, created, model };
    const deltas = splitWords(text).map((piece): StreamEvent => ({ type: 'text-delta', index: 0, text: piece }));
    return { stream: streamOf([start, ...deltas, { type: 'finish', index: 0, finishReason, usage }]) };
  }

  const response: ChatResponse = {
    kind: 'chat',
    id,
    created,
    model,
    provider: req.provider,
    choices: [{ index: 0, message: { role: 'assistant', content: text }, finishReason }],
    usage,
  };
  if (extra) response.extra = extra;
  return { response };
}

export function buildError(error: ErrorContent, allowFallbacks: boolean | undefined): PreLLMResult {
  return {
    error: new GatewayError({
      status: error.status_code,
      type: error.type ?? 'mock_error',
      code: error.code ?? null,
      message: error.message,
      allowFallbacks,
    }),
  };
}

/**
 * Word-sized pieces, each word with the whitespace after it (leading whitespace is a piece of its
 * own), so that joining the pieces gives back the text exactly. Empty text gives no pieces.
 */
export function splitWords(text: string): string[] {
  return text.match(/\S+\s*|\s+/g) ?? [];
}

/** Emits the events on demand, with no timers between them. */
function streamOf(events: readonly StreamEvent[]): ReadableStream<StreamEvent> {
  let next = 0;
  return new ReadableStream<StreamEvent>({
    pull(controller) {
      const event = events[next++];
      if (event === undefined) controller.close();
      else controller.enqueue(event);
    },
  });
}
