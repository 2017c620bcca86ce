import type { StreamChunk } from '../../pipeline/http-types';
import type { StreamEvent, Usage } from '../../types/chat';
import type { StreamEncodeOptions } from '../dialect';
import { batchTranslator } from '../../streams/batch-translator';
import type { Stage } from '../../streams/pull-through';
import { WrittenChunk } from '../../streams/chunk-json';
import { openAIFinishReason } from './encode-chat-response';
import { detailsOfParts } from '../../providers/openai/reasoning-details';
import { signatureField } from './reasoning-message';

/**
 * Canonical stream events → OpenAI `chat.completion.chunk` objects. The usage chunk (empty
 * `choices`) is sent only when the client asked with `stream_options.include_usage`; it carries the
 * response's `extra_fields` (cost included), known by then. Reasoning text streams as
 * `delta.reasoning_content`; a part closed with opaque forms (signature, encrypted data) follows as
 * one whole `delta.reasoning_details` entry, its text included, so a client that keeps the details
 * can send the part back as it came.
 */
export function encodeOpenAIChatStream(opts: StreamEncodeOptions): Stage<StreamEvent[], StreamChunk[]> {
  let id = opts.fallbackId;
  let model = opts.model;
  let created = Math.floor(Date.now() / 1000);
  let usage: Usage | undefined;
  /** Per choice: the open reasoning part's text so far, and how many details went out. */
  const reasoningText = new Map<number, string>();
  const detailsSent = new Map<number, number>();
  const chunk = (choices: unknown[], extra?: Record<string, unknown>): StreamChunk => ({
    data: { id, object: 'chat.completion.chunk', created, model, choices, ...extra },
  });
  /** What every chunk's JSON starts with, as `JSON.stringify` writes `chunk`'s data, up to its choices. */
  const head = () => `{"id":${JSON.stringify(id)},"object":"chat.completion.chunk","created":${JSON.stringify(created)},"model":${JSON.stringify(model)},"choices":[`;
  let prefix = head();

  /** Appends the chunks of one event to `out`; false after an error, which ends the stream. */
  const encode = (event: StreamEvent, out: StreamChunk[]): boolean => {
    switch (event.type) {
      case 'start':
        ({ id, created, model } = event);
        prefix = head();
        out.push(chunk([{ index: 0, delta: { role: 'assistant', content: '' }, logprobs: null, finish_reason: null }], event.extraFields && { extra_fields: event.extraFields }));
        return true;
      case 'text-delta': {
        // Nearly every chunk of a stream: its JSON written here, the same text `JSON.stringify` makes.
        const json = `${prefix}{"index":${JSON.stringify(event.index)},"delta":{"content":${JSON.stringify(event.text)}},"logprobs":null,"finish_reason":null}]}`;
        out.push(new WrittenChunk({ id, object: 'chat.completion.chunk', created, model, choices: [{ index: event.index, delta: { content: event.text }, logprobs: null, finish_reason: null }] }, json));
        return true;
      }
      case 'reasoning-delta':
        reasoningText.set(event.index, (reasoningText.get(event.index) ?? '') + event.text);
        out.push(chunk([{ index: event.index, delta: { reasoning_content: event.text }, logprobs: null, finish_reason: null }]));
        return true;
      case 'reasoning-end': {
        const text = reasoningText.get(event.index) ?? '';
        reasoningText.delete(event.index);
        if (event.signature === undefined && event.redacted === undefined) return true;
        const index = detailsSent.get(event.index) ?? 0;
        detailsSent.set(event.index, index + 1);
        const [detail] = detailsOfParts([{ text, signature: event.signature, redacted: event.redacted, source: event.source }]);
        out.push(chunk([{ index: event.index, delta: { reasoning_details: [{ ...detail, index }] }, logprobs: null, finish_reason: null }]));
        return true;
      }
      case 'tool-call-delta': {
        const call = {
          index: event.toolCallIndex,
          ...(event.id ? { id: event.id, type: 'function' } : {}),
          function: { ...(event.name ? { name: event.name } : {}), arguments: event.argumentsDelta },
          ...(event.signature ? signatureField(event.signature) : {}),
        };
        out.push(chunk([{ index: event.index, delta: { tool_calls: [call] }, logprobs: null, finish_reason: null }]));
        return true;
      }
      case 'finish':
        out.push(chunk([{ index: event.index, delta: {}, logprobs: null, finish_reason: openAIFinishReason(event.finishReason) }]));
        usage = event.usage ?? usage;
        return true;
      case 'error':
        out.push({ data: event.error.toJSON() });
        return false;
    }
  };

  return batchTranslator<StreamEvent, StreamChunk>({
    translate: encode,
    flush(out) {
      // One usage chunk after every choice finished, as OpenAI sends it.
      if (opts.includeUsage && usage) out.push(chunk([], { usage, extra_fields: opts.extraFields() }));
    },
  });
}
