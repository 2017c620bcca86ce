import type { z } from '../../zod';
import { GatewayError } from '../../errors/gateway-error';
import { batchTranslator } from '../../streams/batch-translator';
import type { Stage } from '../../streams/pull-through';
import type { FinishReason, StreamEvent, Usage } from '../../types/chat';
import { readStreamEvent } from '../read-wire';
import { parseStreamJson } from '../stream-json';
import { invalidStreamEvent } from '../upstream-errors';
import type { EventStreamItem } from './decode-event-stream';
import { mapStreamException } from './map-error';
import { mapFinishReason } from './map-finish-reason';
import { mapUsage } from './map-usage';
import { contentBlockDeltaSchema, contentBlockStartSchema, errorBodySchema, messageStopSchema, metadataSchema } from './wire';

export interface BedrockStreamInfo {
  provider: string;
  /** ConverseStream names no id or model: the gateway's own stand in. */
  id: string;
  model: string;
}

/**
 * ConverseStream frames → canonical stream events. `messageStop` (the stop reason) and `metadata`
 * (the usage) come in either order; the finish event goes out once both are known, or in `flush`.
 */
export function bedrockChatStreamTranslator(info: BedrockStreamInfo): Stage<EventStreamItem[], StreamEvent[]> {
  const { provider } = info;
  const created = Math.floor(Date.now() / 1000);
  let started = false;
  let finished = false;
  let finishReason: FinishReason | undefined;
  let usage: Usage | undefined;
  // Tool calls are numbered among toolUse blocks only; deltas name their content block.
  const toolCallIndexByBlock = new Map<number, number>();
  /** A reasoning block is streaming text that no signature has closed yet. */
  let reasoningOpen = false;

  const emitFinish = (out: StreamEvent[], reason: FinishReason) => {
    finished = true;
    out.push({ type: 'finish', index: 0, finishReason: reason, ...(usage ? { usage } : {}) });
  };

  const toolCallIndex = (block: number): number => {
    let index = toolCallIndexByBlock.get(block);
    if (index === undefined) toolCallIndexByBlock.set(block, (index = toolCallIndexByBlock.size));
    return index;
  };

  /** Parses one event payload; undefined (and an error event in `out`) when it does not fit. */
  const payload = <S extends z.ZodMiniType>(schema: S, body: string, out: StreamEvent[]): z.output<S> | undefined => {
    const json = parseStreamJson(body, provider, out);
    if (json === undefined) return undefined;
    return readStreamEvent(json, schema, provider, out);
  };

  /** Translates one event into `out`; false when the stream cannot go on. */
  const translateEvent = (eventType: string | undefined, body: string, out: StreamEvent[]): boolean => {
    switch (eventType) {
      case 'messageStart':
        return true;
      case 'contentBlockStart': {
        const event = payload(contentBlockStartSchema, body, out);
        if (!event) return false;
        const tool = event.start?.toolUse;
        if (tool) {
          out.push({ type: 'tool-call-delta', index: 0, toolCallIndex: toolCallIndex(event.contentBlockIndex), id: tool.toolUseId, name: tool.name, argumentsDelta: '' });
        }
        return true;
      }
      case 'contentBlockDelta': {
        const event = payload(contentBlockDeltaSchema, body, out);
        if (!event) return false;
        const { delta } = event;
        const reasoning = delta.reasoningContent;
        if (reasoning?.text) {
          out.push({ type: 'reasoning-delta', index: 0, text: reasoning.text });
          reasoningOpen = true;
        }
        if (reasoning?.signature || reasoning?.redactedContent) {
          out.push({
            type: 'reasoning-end',
            index: 0,
            ...(reasoning.signature ? { signature: reasoning.signature } : {}),
            ...(reasoning.redactedContent ? { redacted: reasoning.redactedContent } : {}),
            source: 'bedrock',
          });
          reasoningOpen = false;
        }
        if (delta.text) out.push({ type: 'text-delta', index: 0, text: delta.text });
        if (delta.toolUse) {
          out.push({ type: 'tool-call-delta', index: 0, toolCallIndex: toolCallIndex(event.contentBlockIndex), argumentsDelta: delta.toolUse.input });
        }
        return true;
      }
      case 'messageStop': {
        const event = payload(messageStopSchema, body, out);
        if (!event) return false;
        finishReason = mapFinishReason(event.stopReason);
        if (usage && !finished) emitFinish(out, finishReason);
        return true;
      }
      case 'metadata': {
        const event = payload(metadataSchema, body, out);
        if (!event) return false;
        if (event.usage) usage = mapUsage(event.usage);
        if (finishReason && !finished) emitFinish(out, finishReason);
        return true;
      }
      case 'contentBlockStop':
        // A reasoning block without a signature (models other than Claude) ends with its block.
        if (reasoningOpen) out.push({ type: 'reasoning-end', index: 0 });
        reasoningOpen = false;
        return true;
      default:
        // Whatever AWS adds later carries nothing the canonical stream needs.
        return true;
    }
  };

  const translate = (item: EventStreamItem, out: StreamEvent[]): boolean => {
    if ('fault' in item) {
      out.push(invalidStreamEvent(provider, `sent a broken event-stream frame: ${item.fault}`));
      return false;
    }
    const messageType = item.headers[':message-type'];
    if (messageType === 'exception') {
      const parsed = safeJson(item.body);
      const body = errorBodySchema.safeParse(parsed);
      const message = body.success ? (body.data.message ?? body.data.Message) : undefined;
      out.push({ type: 'error', error: mapStreamException(provider, item.headers[':exception-type'] ?? 'unknownException', message) });
      return false;
    }
    if (messageType === 'error') {
      const code = item.headers[':error-code'] ?? 'UnknownError';
      out.push({
        type: 'error',
        error: new GatewayError({ status: 502, type: 'upstream_error', code, message: item.headers[':error-message'] ?? `provider "${provider}" sent ${code}`, retryable: true, provider }),
      });
      return false;
    }
    if (!started) {
      started = true;
      out.push({ type: 'start', id: info.id, created, model: info.model });
    }
    return translateEvent(item.headers[':event-type'], item.body, out);
  };

  return batchTranslator({
    translate,
    flush(out) {
      // The metadata event never came: finish without usage, or with usage but no stop reason.
      if (finished || (!finishReason && !usage)) return;
      emitFinish(out, finishReason ?? mapFinishReason(null));
    },
  });
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
