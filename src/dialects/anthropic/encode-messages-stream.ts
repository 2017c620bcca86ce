import type { StreamChunk } from '../../pipeline/http-types';
import type { StreamEvent, Usage } from '../../types/chat';
import type { StreamEncodeOptions } from '../dialect';
import { batchTranslator } from '../../streams/batch-translator';
import type { Stage } from '../../streams/pull-through';
import { WrittenChunk } from '../../streams/chunk-json';
import { anthropicUsage } from './anthropic-usage';
import { anthropicErrorBody } from './encode-messages-response';
import { anthropicStopReason } from './stop-reason';

type OpenBlock = { kind: 'text'; index: number } | { kind: 'thinking'; index: number } | { kind: 'tool'; index: number; toolCallIndex: number };

/**
 * Canonical stream events → Anthropic's SSE events: message_start, then content blocks opened,
 * filled and closed one at a time (thinking_delta closed by a signature_delta, a redacted_thinking
 * block whole, text_delta, input_json_delta), then message_delta with the stop reason, usage (cache
 * reads and writes included when known) and the gateway's `extra_fields` (cost included), and
 * message_stop. Only the first choice is sent: Anthropic has no `n`.
 */
export function encodeMessagesStream(opts: StreamEncodeOptions): Stage<StreamEvent[], StreamChunk[]> {
  let started = false;
  let nextBlock = 0;
  let open: OpenBlock | undefined;
  const ev = (type: string, data: Record<string, unknown>): StreamChunk => ({ event: type, data: { type, ...data } });

  const start = (out: StreamChunk[], id: string, model: string) => {
    if (started) return;
    started = true;
    const message = { id: id.startsWith('msg_') ? id : `msg_${id}`, type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 0, output_tokens: 0 } };
    out.push(ev('message_start', { message }));
  };
  const close = (out: StreamChunk[]) => {
    if (open) out.push(ev('content_block_stop', { index: open.index }));
    open = undefined;
  };
  const finish = (out: StreamChunk[], stopReason: string, usage: Usage | undefined) => {
    close(out);
    // Without usage only output_tokens (required) goes out: the SDKs keep message_start's input count.
    const usageOut = usage ? anthropicUsage(usage) : { output_tokens: 0 };
    out.push(ev('message_delta', { delta: { stop_reason: stopReason, stop_sequence: null }, usage: usageOut, extra_fields: opts.extraFields() }));
    out.push(ev('message_stop', {}));
  };

  const openThinking = (out: StreamChunk[]) => {
    close(out);
    open = { kind: 'thinking', index: nextBlock++ };
    out.push(ev('content_block_start', { index: open.index, content_block: { type: 'thinking', thinking: '', signature: '' } }));
  };

  const encode = (event: StreamEvent, out: StreamChunk[]): boolean => {
    if (event.type === 'start') {
      start(out, event.id, event.model);
      return true;
    }
    start(out, opts.fallbackId, opts.model);
    switch (event.type) {
      case 'text-delta':
        if (event.index !== 0) return true;
        if (open?.kind !== 'text') {
          close(out);
          open = { kind: 'text', index: nextBlock++ };
          out.push(ev('content_block_start', { index: open.index, content_block: { type: 'text', text: '' } }));
        }
        // Nearly every event of an answer: its JSON written here, the same text `JSON.stringify` makes.
        out.push(new WrittenChunk(
          { type: 'content_block_delta', index: open.index, delta: { type: 'text_delta', text: event.text } },
          `{"type":"content_block_delta","index":${open.index},"delta":{"type":"text_delta","text":${JSON.stringify(event.text)}}}`,
          'content_block_delta',
        ));
        return true;
      case 'reasoning-delta':
        if (event.index !== 0) return true;
        if (open?.kind !== 'thinking') openThinking(out);
        out.push(ev('content_block_delta', { index: open!.index, delta: { type: 'thinking_delta', thinking: event.text } }));
        return true;
      case 'reasoning-end': {
        if (event.index !== 0) return true;
        const ours = event.source === 'anthropic';
        if (event.redacted !== undefined) {
          // Another family's opaque-only part has no Anthropic form (see thinkingBlock).
          if (open?.kind === 'thinking') close(out);
          if (!ours) return true;
          const index = nextBlock++;
          out.push(ev('content_block_start', { index, content_block: { type: 'redacted_thinking', data: event.redacted } }));
          out.push(ev('content_block_stop', { index }));
          return true;
        }
        if (open?.kind !== 'thinking') openThinking(out);
        if (ours && event.signature) out.push(ev('content_block_delta', { index: open!.index, delta: { type: 'signature_delta', signature: event.signature } }));
        close(out);
        return true;
      }
      case 'tool-call-delta':
        if (event.index !== 0) return true;
        if (open?.kind !== 'tool' || open.toolCallIndex !== event.toolCallIndex) {
          close(out);
          open = { kind: 'tool', index: nextBlock++, toolCallIndex: event.toolCallIndex };
          const block = { type: 'tool_use', id: event.id ?? `toolu_${event.toolCallIndex}`, name: event.name ?? '', input: {} };
          out.push(ev('content_block_start', { index: open.index, content_block: block }));
        }
        if (event.argumentsDelta) out.push(ev('content_block_delta', { index: open.index, delta: { type: 'input_json_delta', partial_json: event.argumentsDelta } }));
        return true;
      case 'finish':
        if (event.index === 0) finish(out, anthropicStopReason(event.finishReason), event.usage);
        return true;
      case 'error':
        out.push({ event: 'error', data: anthropicErrorBody(event.error) });
        return false;
    }
  };

  return batchTranslator<StreamEvent, StreamChunk>({ translate: encode });
}
