import { batchTranslator } from '../../streams/batch-translator';
import type { EventSourceMessage } from '../../streams/decode-sse';
import type { StreamEvent } from '../../types/chat';
import { parseStreamJson } from '../stream-json';
import { invalidStreamEvent } from '../upstream-errors';
import { mapAnthropicStreamError } from './map-error';
import { mapFinishReason } from './map-finish-reason';
import { mapUsage, mergeUsage } from './map-usage';
import { type AnthropicUsageWire, errorBodySchema, type AnthropicStreamEventWire, streamEventSchema } from './wire';

interface ToolBlock {
  toolCallIndex: number;
  /** Whether any argument text went out; a tool without arguments streams none and gets `{}`. */
  sentArguments: boolean;
  input: unknown;
}

/**
 * Anthropic Messages stream events → canonical stream events. Usage arrives in two pieces (input in
 * message_start, output in message_delta) and the one finish goes out on message_stop carrying both.
 */
export function anthropicChatStreamTranslator(provider: string, requestedModel: string): TransformStream<EventSourceMessage[], StreamEvent[]> {
  let started = false;
  let ended = false;
  let stopReason: string | null | undefined;
  let usage: AnthropicUsageWire | undefined;
  const toolBlocks = new Map<number, ToolBlock>();

  const finish = (out: StreamEvent[]) => {
    ended = true;
    out.push({ type: 'finish', index: 0, finishReason: mapFinishReason(stopReason), ...(usage ? { usage: mapUsage(usage) } : {}) });
  };

  const onEvent = (event: AnthropicStreamEventWire, out: StreamEvent[]) => {
    switch (event.type) {
      case 'message_start':
        if (!event.message) break;
        started = true;
        if (event.message.usage) usage = mergeUsage({}, event.message.usage);
        out.push({ type: 'start', id: event.message.id, created: Math.floor(Date.now() / 1000), model: event.message.model ?? requestedModel });
        break;
      case 'content_block_start': {
        const block = event.content_block;
        if (block?.type === 'text' && block.text) out.push({ type: 'text-delta', index: 0, text: block.text });
        if (block?.type === 'tool_use' && event.index !== undefined) {
          const tool: ToolBlock = { toolCallIndex: toolBlocks.size, sentArguments: false, input: block.input };
          toolBlocks.set(event.index, tool);
          out.push({ type: 'tool-call-delta', index: 0, toolCallIndex: tool.toolCallIndex, ...(block.id ? { id: block.id } : {}), ...(block.name ? { name: block.name } : {}), argumentsDelta: '' });
        }
        break;
      }
      case 'content_block_delta': {
        const delta = event.delta;
        if (delta?.type === 'text_delta' && delta.text) out.push({ type: 'text-delta', index: 0, text: delta.text });
        const tool = event.index === undefined ? undefined : toolBlocks.get(event.index);
        if (delta?.type === 'input_json_delta' && tool && delta.partial_json) {
          tool.sentArguments = true;
          out.push({ type: 'tool-call-delta', index: 0, toolCallIndex: tool.toolCallIndex, argumentsDelta: delta.partial_json });
        }
        // thinking_delta, signature_delta and citations_delta have no canonical counterpart.
        break;
      }
      case 'content_block_stop': {
        const tool = event.index === undefined ? undefined : toolBlocks.get(event.index);
        if (tool && !tool.sentArguments) {
          const input = tool.input && typeof tool.input === 'object' ? tool.input : {};
          out.push({ type: 'tool-call-delta', index: 0, toolCallIndex: tool.toolCallIndex, argumentsDelta: JSON.stringify(input) });
        }
        break;
      }
      case 'message_delta':
        if (event.delta?.stop_reason !== undefined) stopReason = event.delta.stop_reason;
        if (event.usage) usage = mergeUsage(usage ?? {}, event.usage);
        break;
      case 'message_stop':
        if (!ended) finish(out);
        break;
      // `ping` and event types added later are skipped.
    }
  };

  /** Translates one message into `out`; false when the stream cannot go on. */
  const translate = (message: EventSourceMessage, out: StreamEvent[]): boolean => {
    const json = parseStreamJson(message.data, provider, out);
    if (json === undefined) return false;
    if (message.event === 'error' || (json && typeof json === 'object' && 'type' in json && json.type === 'error')) {
      const body = errorBodySchema.safeParse(json);
      out.push(body.success ? { type: 'error', error: mapAnthropicStreamError(provider, body.data.error) } : invalidStreamEvent(provider, 'sent an error event that does not parse'));
      ended = true;
      return true;
    }
    const parsed = streamEventSchema.safeParse(json);
    if (!parsed.success) {
      out.push(invalidStreamEvent(provider, 'sent a stream event that does not parse'));
      return false;
    }
    onEvent(parsed.data, out);
    return true;
  };

  return batchTranslator({
    translate,
    flush(out) {
      if (!started || ended) return;
      // The stop reason came but message_stop did not: finish anyway. No stop reason: cut short.
      if (stopReason !== undefined) finish(out);
      else out.push(invalidStreamEvent(provider, 'ended the stream before message_stop'));
    },
  });
}
