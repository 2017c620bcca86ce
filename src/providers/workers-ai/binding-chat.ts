import type { ChatRequest, ChatResponse, ToolCall } from '../../types/chat';
import { fromOpenAIChatResponse } from '../openai/chat';
import { mapFinishReason } from '../openai/map-finish-reason';
import { readAnswer } from '../read-wire';
import { mapUsage, responseText, toolCallParts } from './convert';
import { resultSchema } from './wire';

export interface BindingContext {
  provider: string;
  requestId: string;
}

/** What `AI.run` resolved with, for a non-streamed request. */
export function fromWorkersAIResult(ctx: BindingContext, req: ChatRequest, result: unknown): ChatResponse {
  const { provider } = ctx;
  const id = `chatcmpl-${ctx.requestId}`;
  const created = Math.floor(Date.now() / 1000);
  // Some models answer in OpenAI's chat completion shape, possibly without id, created or model.
  if (typeof result === 'object' && result !== null && Array.isArray((result as { choices?: unknown }).choices)) {
    return fromOpenAIChatResponse(provider, { id, created, model: req.model, ...result });
  }
  const wire = readAnswer(result, resultSchema, provider, 'returned a result');
  const toolCalls: ToolCall[] = (wire.tool_calls ?? []).map((tc, i) => {
    const parts = toolCallParts(tc);
    return { id: parts.id ?? `call_${ctx.requestId}_${i}`, type: 'function', function: { name: parts.name ?? '', arguments: parts.arguments } };
  });
  const text = responseText(wire.response);
  return {
    kind: 'chat',
    id,
    created,
    model: req.model,
    provider,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: text || (toolCalls.length > 0 ? null : ''), ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}) },
        // Most models report no finish reason: a turn that calls tools ended for them, any other stopped.
        finishReason: wire.finish_reason ? mapFinishReason(wire.finish_reason) : { unified: toolCalls.length > 0 ? 'tool_calls' : 'stop', raw: null },
      },
    ],
    ...(wire.usage ? { usage: mapUsage(wire.usage) } : {}),
  };
}
