import { GatewayError } from '../../errors/gateway-error';
import type { ChatMessage, ContentPart, ReasoningPart } from '../../types/chat';

/** An Anthropic content block as sent upstream; built here, so typed only as far as we build it. */
export type AnthropicBlock = { type: string } & Record<string, unknown>;
export interface AnthropicMessage { role: 'user' | 'assistant'; content: AnthropicBlock[] }

export interface AnthropicPrompt {
  /** A string, or text blocks when a part carries `cache_control` that must survive. */
  system?: string | AnthropicBlock[];
  messages: AnthropicMessage[];
}

/**
 * OpenAI-shaped messages → Anthropic's prompt: system and developer turns move to the top-level
 * `system`, tool results become `tool_result` blocks of a user turn, and consecutive turns of one
 * role are merged because Anthropic requires user and assistant to alternate.
 */
export function toAnthropicPrompt(messages: ChatMessage[]): AnthropicPrompt {
  const system: AnthropicBlock[] = [];
  const turns: AnthropicMessage[] = [];
  const push = (role: AnthropicMessage['role'], content: AnthropicBlock[]) => {
    if (content.length === 0) return;
    const last = turns.at(-1);
    if (last?.role === role) last.content.push(...content);
    else turns.push({ role, content });
  };

  messages.forEach((m, i) => {
    const where = `messages[${i}]`;
    switch (m.role) {
      case 'system':
      case 'developer':
        system.push(...withMessageCache(m, contentBlocks(m.content, where).filter((b) => b.type === 'text')));
        return;
      case 'user':
        return push('user', withMessageCache(m, contentBlocks(m.content, where)));
      case 'assistant':
        return push('assistant', withMessageCache(m, [
          // Anthropic wants a turn's thinking first, before its text and tool_use blocks.
          ...thinkingBlocks(m.reasoning),
          ...contentBlocks(m.content, where),
          ...(m.tool_calls ?? []).map((tc, j) => ({
            type: 'tool_use',
            id: tc.id,
            name: tc.function.name,
            input: parseArguments(tc.function.arguments, `${where}.tool_calls[${j}].function.arguments`),
          })),
        ]));
      case 'tool': {
        if (!m.tool_call_id) throw GatewayError.invalidRequest(`${where} is a tool message without tool_call_id`, null, `${where}.tool_call_id`);
        const content = typeof m.content === 'string' || m.content == null ? (m.content ?? '') : contentBlocks(m.content, where);
        return push('user', withMessageCache(m, [{ type: 'tool_result', tool_use_id: m.tool_call_id, content }]));
      }
    }
  });

  const prompt: AnthropicPrompt = { messages: turns };
  if (system.length > 0) {
    prompt.system = system.some((b) => b.cache_control !== undefined) ? system : system.map((b) => String(b.text)).join('\n\n');
  }
  return prompt;
}

/**
 * Reasoning parts Anthropic minted, in their place: `thinking` with its signature, or
 * `redacted_thinking` with its data. Anthropic verifies both, so parts from another family (a
 * Gemini or OpenAI signature, or bare text) cannot be sent as thinking and are left out, as is a
 * part without a signature (a stream cut off mid-thought): Anthropic would reject the turn, and it
 * only needs earlier thinking back to continue a tool loop it started itself.
 */
function thinkingBlocks(reasoning: ReasoningPart[] | undefined): AnthropicBlock[] {
  return (reasoning ?? []).flatMap((r): AnthropicBlock[] => {
    if (r.source !== 'anthropic') return [];
    if (r.redacted !== undefined) return [{ type: 'redacted_thinking', data: r.redacted }];
    return r.signature !== undefined ? [{ type: 'thinking', thinking: r.text, signature: r.signature }] : [];
  });
}

/**
 * A message-level `cache_control` (LiteLLM's convention for OpenAI-shaped messages) marks the
 * message's last block, which is where Anthropic's cache breakpoints sit.
 */
function withMessageCache(m: ChatMessage, blocks: AnthropicBlock[]): AnthropicBlock[] {
  const mark = (m as { cache_control?: unknown }).cache_control;
  const last = blocks.at(-1);
  if (mark === undefined || !last) return blocks;
  return [...blocks.slice(0, -1), { ...last, cache_control: mark }];
}

function contentBlocks(content: ChatMessage['content'], where: string): AnthropicBlock[] {
  if (content == null) return [];
  if (typeof content === 'string') return content === '' ? [] : [{ type: 'text', text: content }];
  return content.flatMap((part, j) => partBlocks(part, `${where}.content[${j}]`));
}

function partBlocks(part: ContentPart, where: string): AnthropicBlock[] {
  // Prompt caching marks travel on OpenAI-shaped parts as they do on Anthropic blocks.
  const cache = 'cache_control' in part && part.cache_control !== undefined ? { cache_control: part.cache_control } : {};
  switch (part.type) {
    case 'text': {
      const text = typeof part.text === 'string' ? part.text : '';
      // Anthropic rejects empty text blocks.
      return text === '' ? [] : [{ type: 'text', text, ...cache }];
    }
    case 'image_url': {
      const url = isRecord(part.image_url) && typeof part.image_url.url === 'string' ? part.image_url.url : '';
      return [{ type: 'image', source: imageSource(url, `${where}.image_url.url`), ...cache }];
    }
    case 'file': {
      const data = isRecord(part.file) && typeof part.file.file_data === 'string' ? dataUrl(part.file.file_data) : undefined;
      if (!data) throw GatewayError.invalidRequest(`${where}: only files sent inline as base64 data URLs are supported`, 'unsupported_file', `${where}.file`);
      return [{ type: 'document', source: { type: 'base64', media_type: data.mediaType, data: data.data }, ...cache }];
    }
    default:
      // Anything else may be an Anthropic-native block (document, search_result, …): sent as is.
      return [{ ...part }];
  }
}

function imageSource(url: string, where: string): Record<string, string> {
  const data = dataUrl(url);
  if (data) return { type: 'base64', media_type: data.mediaType, data: data.data };
  if (/^https?:\/\//i.test(url)) return { type: 'url', url };
  throw GatewayError.invalidRequest(`${where} must be an http(s) URL or a base64 data URL`, 'invalid_image_url', where);
}

function dataUrl(url: string): { mediaType: string; data: string } | undefined {
  const match = /^data:([^;,]+)(?:;[^;,=]+=[^;,]*)*;base64,(.*)$/s.exec(url);
  return match ? { mediaType: match[1]!, data: match[2]! } : undefined;
}

/** Anthropic wants the tool input as an object; OpenAI carries it as a JSON string. */
function parseArguments(args: string, where: string): Record<string, unknown> {
  if (args.trim() === '') return {};
  let input: unknown;
  try {
    input = JSON.parse(args);
  } catch {
    throw GatewayError.invalidRequest(`${where} is not valid JSON`, 'invalid_tool_arguments', where);
  }
  if (!isRecord(input)) throw GatewayError.invalidRequest(`${where} must be a JSON object`, 'invalid_tool_arguments', where);
  return input;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
