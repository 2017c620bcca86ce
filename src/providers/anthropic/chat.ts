import type { ChatRequest, ChatResponse, ToolCall } from '../../types/chat';
import { invalidUpstream } from '../upstream-errors';
import { toAnthropicPrompt } from './convert-messages';
import { toAnthropicToolChoice, toAnthropicTools } from './convert-tools';
import { mapFinishReason } from './map-finish-reason';
import { mapUsage } from './map-usage';
import { messageSchema } from './wire';

/** Anthropic requires `max_tokens`; this is what a request that names none gets. */
export const DEFAULT_MAX_TOKENS = 4096;

/** The canonical request as a Messages API body; OpenAI parameters Anthropic lacks are left out. */
export function toAnthropicChatBody(req: ChatRequest, stream: boolean): Record<string, unknown> {
  const { params } = req;
  const { system, messages } = toAnthropicPrompt(req.messages);
  const body: Record<string, unknown> = {
    model: req.model,
    messages,
    max_tokens: numberParam(params.max_tokens) ?? numberParam(params.max_completion_tokens) ?? DEFAULT_MAX_TOKENS,
  };
  if (system !== undefined) body.system = system;
  for (const name of ['temperature', 'top_p', 'top_k'] as const) {
    const value = numberParam(params[name]);
    if (value !== undefined) body[name] = value;
  }
  const stop = params.stop;
  if (typeof stop === 'string') body.stop_sequences = [stop];
  else if (Array.isArray(stop) && stop.length > 0) body.stop_sequences = stop;
  const tools = toAnthropicTools(params.tools);
  if (tools) body.tools = tools;
  const toolChoice = toAnthropicToolChoice(params.tool_choice, params.parallel_tool_calls);
  // Anthropic rejects a tool_choice without tools.
  if (toolChoice && tools) body.tool_choice = toolChoice;
  if (typeof params.user === 'string') body.metadata = { user_id: params.user };
  if (stream) body.stream = true;
  return body;
}

export function fromAnthropicChatResponse(provider: string, requestedModel: string, json: unknown): ChatResponse {
  const parsed = messageSchema.safeParse(json);
  if (!parsed.success) {
    throw invalidUpstream(provider, 'invalid_upstream_response', `sent a message that does not parse: ${parsed.error.issues[0]?.message ?? 'unknown'}`);
  }
  const wire = parsed.data;
  let text = '';
  let hasText = false;
  const toolCalls: ToolCall[] = [];
  for (const block of wire.content) {
    if (block.type === 'text' && block.text !== undefined) {
      text += block.text;
      hasText = true;
    } else if (block.type === 'tool_use' && block.id && block.name) {
      toolCalls.push({ id: block.id, type: 'function', function: { name: block.name, arguments: JSON.stringify(block.input ?? {}) } });
    }
    // thinking, redacted_thinking and server tool blocks have no place in the OpenAI shape.
  }
  return {
    kind: 'chat',
    id: wire.id,
    // Anthropic's messages carry no timestamp.
    created: Math.floor(Date.now() / 1000),
    model: wire.model ?? requestedModel,
    provider,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: hasText || toolCalls.length === 0 ? text : null,
          ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
        },
        finishReason: mapFinishReason(wire.stop_reason),
      },
    ],
    ...(wire.usage ? { usage: mapUsage(wire.usage) } : {}),
  };
}

const numberParam = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
