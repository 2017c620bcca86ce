import { GatewayError } from '../../errors/gateway-error';
import type { EventSourceMessage } from '../../streams/decode-sse';
import type { FinishReason, StreamEvent, Usage } from '../../types/chat';
import { mapFinishReason } from './map-finish-reason';
import { chatChunkSchema, errorBodySchema } from './wire';

/**
 * OpenAI chat chunks → canonical stream events. Finish events wait for the trailing usage chunk
 * (always requested upstream) so they carry usage; `flush` emits them if usage never came.
 */
export function openAIChatStreamTranslator(provider: string): TransformStream<EventSourceMessage, StreamEvent> {
  let started = false;
  const finishes = new Map<number, FinishReason>();
  let usage: Usage | undefined;

  const emitFinishes = (controller: TransformStreamDefaultController<StreamEvent>) => {
    for (const [index, finishReason] of finishes) {
      controller.enqueue({ type: 'finish', index, finishReason, ...(usage ? { usage } : {}) });
    }
    finishes.clear();
  };

  return new TransformStream({
    transform(message, controller) {
      if (message.data === '[DONE]') return;
      let json: unknown;
      try {
        json = JSON.parse(message.data);
      } catch {
        return fail(controller, provider, 'sent a stream event that is not JSON');
      }
      const upstreamError = errorBodySchema.safeParse(json);
      if (upstreamError.success) {
        const e = upstreamError.data.error;
        controller.enqueue({
          type: 'error',
          error: new GatewayError({ status: 502, type: e.type ?? 'upstream_error', code: e.code == null ? null : String(e.code), message: e.message, provider, retryable: true }),
        });
        return;
      }
      const parsed = chatChunkSchema.safeParse(json);
      if (!parsed.success) return fail(controller, provider, 'sent a chunk that does not parse');
      const chunk = parsed.data;
      if (!started) {
        started = true;
        controller.enqueue({ type: 'start', id: chunk.id, created: chunk.created, model: chunk.model });
      }
      for (const choice of chunk.choices) {
        const { delta } = choice;
        if (delta.content) controller.enqueue({ type: 'text-delta', index: choice.index, text: delta.content });
        for (const tc of delta.tool_calls ?? []) {
          controller.enqueue({
            type: 'tool-call-delta',
            index: choice.index,
            toolCallIndex: tc.index,
            ...(tc.id ? { id: tc.id } : {}),
            ...(tc.function?.name ? { name: tc.function.name } : {}),
            argumentsDelta: tc.function?.arguments ?? '',
          });
        }
        if (choice.finish_reason) finishes.set(choice.index, mapFinishReason(choice.finish_reason));
      }
      if (chunk.usage) {
        usage = chunk.usage;
        emitFinishes(controller);
      }
    },
    flush(controller) {
      emitFinishes(controller);
    },
  });
}

function fail(controller: TransformStreamDefaultController<StreamEvent>, provider: string, what: string): void {
  controller.enqueue({
    type: 'error',
    error: new GatewayError({ status: 502, type: 'upstream_error', code: 'invalid_upstream_stream', message: `provider "${provider}" ${what}`, retryable: true, provider }),
  });
  controller.terminate();
}
