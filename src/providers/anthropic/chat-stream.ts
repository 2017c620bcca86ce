import { batchTranslator } from '../../streams/batch-translator';
import type { Stage } from '../../streams/pull-through';
import type { EventSourceMessage } from '../../streams/decode-sse';
import type { StreamEvent } from '../../types/chat';
import { readStreamEvent } from '../read-wire';
import { parseStreamJson } from '../stream-json';
import { invalidStreamEvent } from '../upstream-errors';
import { mapAnthropicStreamError } from './map-error';
import { mapFinishReason } from './map-finish-reason';
import { mapUsage, mergeUsage } from './map-usage';
import { plainEvent } from './plain-event';
import { type AnthropicUsageWire, errorBodySchema, type AnthropicStreamEventWire, streamEventSchema } from './wire';

interface ToolBlock {
  /** The forced answer tool (structured output): its input streams out as the message's text. */
  answer: boolean;
  toolCallIndex: number;
  /** Whether any argument text went out; a tool without arguments streams none and gets `{}`. */
  sentArguments: boolean;
  input: unknown;
}

/**
 * Anthropic Messages stream events → canonical stream events. Usage arrives in two pieces (input in
 * message_start, output in message_delta) and the one finish goes out on message_stop carrying both.
 * Thinking blocks stream as reasoning deltas closed by their signature_delta (or, without one, by
 * the block's end); a redacted_thinking block arrives whole in its start event. `answerTool` names
 * the forced tool whose input is the answer (structured output without native support).
 */
export function anthropicChatStreamTranslator(provider: string, requestedModel: string, answerTool?: string): Stage<EventSourceMessage[], StreamEvent[]> {
  let started = false;
  let ended = false;
  let stopReason: string | null | undefined;
  let usage: AnthropicUsageWire | undefined;
  let answered = false;
  let toolCalls = 0;
  const toolBlocks = new Map<number, ToolBlock>();
  /** Thinking blocks still open (no signature yet), by block index. */
  const thinkingBlocks = new Set<number>();

  const finish = (out: StreamEvent[]) => {
    ended = true;
    const reason = mapFinishReason(stopReason);
    // The forced answer tool ends the turn with tool_use; for the client it is the answer.
    const finishReason = answered && toolCalls === 0 ? { unified: 'stop' as const, raw: reason.raw } : reason;
    out.push({ type: 'finish', index: 0, finishReason, ...(usage ? { usage: mapUsage(usage) } : {}) });
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
          const answer = !answered && answerTool !== undefined && block.name === answerTool;
          answered ||= answer;
          const tool: ToolBlock = { answer, toolCallIndex: answer ? -1 : toolCalls++, sentArguments: false, input: block.input };
          toolBlocks.set(event.index, tool);
          if (!answer) out.push({ type: 'tool-call-delta', index: 0, toolCallIndex: tool.toolCallIndex, ...(block.id ? { id: block.id } : {}), ...(block.name ? { name: block.name } : {}), argumentsDelta: '' });
        }
        if (block?.type === 'thinking' && event.index !== undefined) {
          thinkingBlocks.add(event.index);
          if (block.thinking) out.push({ type: 'reasoning-delta', index: 0, text: block.thinking });
        }
        if (block?.type === 'redacted_thinking' && block.data !== undefined) out.push({ type: 'reasoning-end', index: 0, redacted: block.data, source: 'anthropic' });
        break;
      }
      case 'content_block_delta': {
        const delta = event.delta;
        if (delta?.type === 'text_delta' && delta.text) out.push({ type: 'text-delta', index: 0, text: delta.text });
        const tool = event.index === undefined ? undefined : toolBlocks.get(event.index);
        if (delta?.type === 'input_json_delta' && tool && delta.partial_json) {
          tool.sentArguments = true;
          out.push(tool.answer ? { type: 'text-delta', index: 0, text: delta.partial_json } : { type: 'tool-call-delta', index: 0, toolCallIndex: tool.toolCallIndex, argumentsDelta: delta.partial_json });
        }
        if (delta?.type === 'thinking_delta' && delta.thinking) out.push({ type: 'reasoning-delta', index: 0, text: delta.thinking });
        // The signature comes once, just before the block's end, and closes the reasoning part.
        if (delta?.type === 'signature_delta' && event.index !== undefined && thinkingBlocks.delete(event.index)) {
          out.push({ type: 'reasoning-end', index: 0, ...(delta.signature ? { signature: delta.signature } : {}), source: 'anthropic' });
        }
        // citations_delta has no canonical counterpart.
        break;
      }
      case 'content_block_stop': {
        if (event.index === undefined) break;
        // A thinking block that ended without a signature still closes its part (nothing to send back).
        if (thinkingBlocks.delete(event.index)) out.push({ type: 'reasoning-end', index: 0 });
        const tool = toolBlocks.get(event.index);
        if (tool && !tool.sentArguments) {
          const input = JSON.stringify(tool.input && typeof tool.input === 'object' ? tool.input : {});
          out.push(tool.answer ? { type: 'text-delta', index: 0, text: input } : { type: 'tool-call-delta', index: 0, toolCallIndex: tool.toolCallIndex, argumentsDelta: input });
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
    const event = readStreamEvent(json, streamEventSchema, provider, out, plainEvent);
    if (!event) return false;
    onEvent(event, out);
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
