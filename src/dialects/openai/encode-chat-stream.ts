import type { StreamChunk } from '../../pipeline/http-types';
import type { StreamEvent, Usage } from '../../types/chat';
import { openAIFinishReason } from './encode-chat-response';

/**
 * Canonical stream events → OpenAI `chat.completion.chunk` objects. The usage chunk (empty
 * `choices`) is sent only when the client asked with `stream_options.include_usage`.
 */
export function encodeOpenAIChatStream(opts: { fallbackId: string; model: string; includeUsage: boolean }): TransformStream<StreamEvent, StreamChunk> {
  let id = opts.fallbackId;
  let model = opts.model;
  let created = Math.floor(Date.now() / 1000);
  let usage: Usage | undefined;
  const chunk = (choices: unknown[], extra?: Record<string, unknown>): StreamChunk => ({
    data: { id, object: 'chat.completion.chunk', created, model, choices, ...extra },
  });

  return new TransformStream({
    transform(event, controller) {
      switch (event.type) {
        case 'start':
          ({ id, created, model } = event);
          controller.enqueue(chunk([{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }]));
          return;
        case 'text-delta':
          controller.enqueue(chunk([{ index: event.index, delta: { content: event.text }, logprobs: null, finish_reason: null }]));
          return;
        case 'tool-call-delta':
          controller.enqueue(
            chunk([
              {
                index: event.index,
                delta: {
                  tool_calls: [
                    {
                      index: event.toolCallIndex,
                      ...(event.id ? { id: event.id, type: 'function' } : {}),
                      function: { ...(event.name ? { name: event.name } : {}), arguments: event.argumentsDelta },
                    },
                  ],
                },
                logprobs: null,
                finish_reason: null,
              },
            ]),
          );
          return;
        case 'finish':
          controller.enqueue(chunk([{ index: event.index, delta: {}, logprobs: null, finish_reason: openAIFinishReason(event.finishReason) }]));
          usage = event.usage ?? usage;
          return;
        case 'error':
          controller.enqueue({ data: event.error.toJSON() });
          controller.terminate();
          return;
      }
    },
    flush(controller) {
      // One usage chunk after every choice finished, as OpenAI sends it.
      if (opts.includeUsage && usage) controller.enqueue(chunk([], { usage }));
    },
  });
}
