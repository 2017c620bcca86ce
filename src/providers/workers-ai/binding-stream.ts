import { GatewayError } from '../../errors/gateway-error';
import { batchTranslator } from '../../streams/batch-translator';
import type { Stage } from '../../streams/pull-through';
import type { EventSourceMessage } from '../../streams/decode-sse';
import type { ChatResponse, FinishReason, StreamEvent, StreamEventBatches, Usage } from '../../types/chat';
import { mapFinishReason } from '../openai/map-finish-reason';
import { readStreamEvent } from '../read-wire';
import { parseStreamJson } from '../stream-json';
import { mapUsage, responseText, toolCallParts } from './convert';
import { streamChunkSchema, type WorkersAIToolCallWire } from './wire';

export interface BindingStreamContext {
  provider: string;
  model: string;
  requestId: string;
}

/**
 * The binding's SSE (`data: {"response":"…"}` … `data: [DONE]`) → canonical stream events. The
 * chunks name no id, model or finish reason and usage rides on the last one, so the single finish
 * is emitted at `[DONE]` (or when the stream ends without it).
 */
export function workersAIStreamTranslator(ctx: BindingStreamContext): Stage<EventSourceMessage[], StreamEvent[]> {
  const { provider } = ctx;
  let started = false;
  let finished = false;
  let usage: Usage | undefined;
  let rawFinish: string | undefined;
  /** Tool-call index → whether its first fragment (with id and name) went out. */
  const toolCalls = new Map<number, true>();

  const start = (out: StreamEvent[]) => {
    if (started) return;
    started = true;
    out.push({ type: 'start', id: `chatcmpl-${ctx.requestId}`, created: Math.floor(Date.now() / 1000), model: ctx.model });
  };

  const finish = (out: StreamEvent[]) => {
    if (finished) return;
    finished = true;
    start(out);
    const finishReason: FinishReason = rawFinish ? mapFinishReason(rawFinish) : { unified: toolCalls.size > 0 ? 'tool_calls' : 'stop', raw: null };
    out.push({ type: 'finish', index: 0, finishReason, ...(usage ? { usage } : {}) });
  };

  const toolCall = (tc: WorkersAIToolCallWire, out: StreamEvent[]) => {
    const parts = toolCallParts(tc);
    // Indexed fragments continue a call; a call without an index arrives whole.
    const index = tc.index ?? (toolCalls.size === 0 ? 0 : Math.max(...toolCalls.keys()) + 1);
    const first = !toolCalls.has(index);
    toolCalls.set(index, true);
    out.push({
      type: 'tool-call-delta',
      index: 0,
      toolCallIndex: index,
      ...(first ? { id: parts.id ?? `call_${ctx.requestId}_${index}` } : {}),
      ...(parts.name ? { name: parts.name } : {}),
      argumentsDelta: parts.arguments,
    });
  };

  /** Translates one message into `out`; false when the stream cannot go on. */
  const translate = (message: EventSourceMessage, out: StreamEvent[]): boolean => {
    if (message.data === '[DONE]') {
      finish(out);
      return true;
    }
    const json = parseStreamJson(message.data, provider, out);
    if (json === undefined) return false;
    const chunk = readStreamEvent(json, streamChunkSchema, provider, out);
    if (!chunk) return false;
    if (chunk.error !== undefined) {
      const msg = typeof chunk.error === 'string' ? chunk.error : chunk.error.message;
      out.push({ type: 'error', error: new GatewayError({ status: 502, type: 'upstream_error', message: msg, retryable: true, provider }) });
      return true;
    }
    start(out);
    const choice = chunk.choices?.[0];
    const text = responseText(chunk.response) + (choice?.delta?.content ?? '');
    if (text) out.push({ type: 'text-delta', index: 0, text });
    for (const tc of [...(chunk.tool_calls ?? []), ...(choice?.delta?.tool_calls ?? [])]) toolCall(tc, out);
    const raw = chunk.finish_reason ?? choice?.finish_reason;
    if (raw) rawFinish = raw;
    if (chunk.usage) usage = mapUsage(chunk.usage);
    return true;
  };

  return batchTranslator({ translate, flush: finish });
}

/** A model that ignored `stream: true` answered whole: replay its answer as one batch. */
export function responseAsStream(res: ChatResponse): StreamEventBatches {
  const events: StreamEvent[] = [{ type: 'start', id: res.id, created: res.created, model: res.model }];
  for (const choice of res.choices) {
    const { content, tool_calls, reasoning } = choice.message;
    for (const part of reasoning ?? []) {
      if (!part.text) continue;
      events.push({ type: 'reasoning-delta', index: choice.index, text: part.text }, { type: 'reasoning-end', index: choice.index });
    }
    if (typeof content === 'string' && content) events.push({ type: 'text-delta', index: choice.index, text: content });
    (tool_calls ?? []).forEach((tc, i) =>
      events.push({ type: 'tool-call-delta', index: choice.index, toolCallIndex: i, id: tc.id, name: tc.function.name, argumentsDelta: tc.function.arguments }),
    );
    events.push({ type: 'finish', index: choice.index, finishReason: choice.finishReason, ...(res.usage ? { usage: res.usage } : {}) });
  }
  return new ReadableStream({
    start(controller) {
      controller.enqueue(events);
      controller.close();
    },
  });
}
