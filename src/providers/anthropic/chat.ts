import type { ChatRequest, ChatResponse, ReasoningPart, ToolCall } from '../../types/chat';
import { readAnswer } from '../read-wire';
import { toAnthropicPrompt } from './convert-messages';
import { toAnthropicToolChoice, toAnthropicTools } from './convert-tools';
import { mapFinishReason } from './map-finish-reason';
import { mapUsage } from './map-usage';
import { claudeCapabilities } from './model-capabilities';
import { anthropicPassthrough } from './request-params';
import { structuredOutputOf, withAnswerTool } from './structured-output';
import { toAnthropicThinking } from './thinking';
import { type AnthropicMessageWire, messageSchema } from './wire';

/** Anthropic requires `max_tokens`; this is what a request that names none gets. */
export const DEFAULT_MAX_TOKENS = 4096;

/**
 * The canonical request as a Messages API body. Which parameter goes where is listed in
 * request-params.ts; reasoning in thinking.ts; response_format in structured-output.ts.
 */
export function toAnthropicChatBody(req: ChatRequest, stream: boolean): Record<string, unknown> {
  const { params } = req;
  const caps = claudeCapabilities(req.model);
  const { system, messages } = toAnthropicPrompt(req.messages);
  const clientMax = numberParam(params.max_tokens) ?? numberParam(params.max_completion_tokens);
  const { thinking, effort, max_tokens } = toAnthropicThinking(req.reasoning, caps, clientMax, DEFAULT_MAX_TOKENS);
  // The Anthropic dialect's Anthropic-only fields, as the client sent them (`thinking` holds only its display).
  const { thinking: thinkingExtra, ...anthropicFields } = req.anthropic ?? {};
  const body: Record<string, unknown> = { model: req.model, messages, max_tokens, ...anthropicPassthrough(params), ...anthropicFields };
  if (system !== undefined) body.system = system;
  for (const name of ['temperature', 'top_p'] as const) {
    const value = numberParam(params[name]);
    if (value !== undefined) body[name] = value;
  }
  const stop = params.stop;
  if (typeof stop === 'string') body.stop_sequences = [stop];
  else if (Array.isArray(stop) && stop.length > 0) body.stop_sequences = stop;

  const display = (thinkingExtra as { display?: unknown } | undefined)?.display;
  if (thinking) body.thinking = display !== undefined && thinking.type !== 'disabled' ? { ...thinking, display } : thinking;
  let tools = toAnthropicTools(params.tools, caps.structuredOutput);
  let toolChoice = toAnthropicToolChoice(params.tool_choice, params.parallel_tool_calls);
  const structured = structuredOutputOf(req);
  const outputConfig: Record<string, unknown> = { ...(effort ? { effort } : {}) };
  if (structured?.kind === 'native') outputConfig.format = structured.format;
  if (structured?.kind === 'tool') ({ tools, tool_choice: toolChoice } = withAnswerTool(structured.tool, tools, toolChoice, thinking));
  if (Object.keys(outputConfig).length > 0) body.output_config = outputConfig;
  if (tools) body.tools = tools;
  // Anthropic rejects a tool_choice without tools.
  if (toolChoice && tools) body.tool_choice = toolChoice;
  if (typeof params.user === 'string') body.metadata = { user_id: params.user };
  if (stream) body.stream = true;
  return body;
}

/** The forced tool whose input is the answer (structured output without native support), if the request has one. */
export function answerToolOf(req: ChatRequest): string | undefined {
  const structured = structuredOutputOf(req);
  return structured?.kind === 'tool' ? structured.tool.name : undefined;
}

export function fromAnthropicChatResponse(provider: string, requestedModel: string, json: unknown, answerTool?: string): ChatResponse {
  const wire = readAnswer(json, messageSchema, provider, 'sent a message');
  const { text, hasText, toolCalls, reasoning, answered } = readContent(wire.content, answerTool);
  const finishReason = mapFinishReason(wire.stop_reason);
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
          ...(reasoning.length > 0 ? { reasoning } : {}),
        },
        // The forced answer tool ends the turn with tool_use; for the client it is the answer.
        finishReason: answered && toolCalls.length === 0 ? { unified: 'stop', raw: finishReason.raw } : finishReason,
      },
    ],
    ...(wire.usage ? { usage: mapUsage(wire.usage) } : {}),
  };
}

function readContent(content: AnthropicMessageWire['content'], answerTool: string | undefined) {
  let text = '';
  let hasText = false;
  let answered = false;
  const toolCalls: ToolCall[] = [];
  const reasoning: ReasoningPart[] = [];
  for (const block of content) {
    if (block.type === 'text' && block.text !== undefined && !answered) {
      text += block.text;
      hasText = true;
    } else if (block.type === 'tool_use' && block.name === answerTool && !answered) {
      // The answer is the tool's input, as JSON text (any text before it would break the JSON).
      text = JSON.stringify(block.input ?? {});
      hasText = true;
      answered = true;
    } else if (block.type === 'tool_use' && block.id && block.name) {
      toolCalls.push({ id: block.id, type: 'function', function: { name: block.name, arguments: JSON.stringify(block.input ?? {}) } });
    } else if (block.type === 'thinking') {
      reasoning.push({ text: block.thinking ?? '', ...(block.signature ? { signature: block.signature } : {}), source: 'anthropic' });
    } else if (block.type === 'redacted_thinking' && block.data !== undefined) {
      reasoning.push({ text: '', redacted: block.data, source: 'anthropic' });
    }
    // Server tool blocks (server_tool_use, web_search_tool_result, …) have no place in the canonical message.
  }
  return { text, hasText, toolCalls, reasoning, answered };
}

const numberParam = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);
