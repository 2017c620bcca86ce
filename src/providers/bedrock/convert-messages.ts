import { GatewayError } from '../../errors/gateway-error';
import type { ChatMessage, ContentPart } from '../../types/chat';
import { ownValue } from '../../core/own-value';

// Canonical (OpenAI-shaped) messages → Converse's `system` and `messages`.

export type ImageFormat = 'png' | 'jpeg' | 'gif' | 'webp';

export type ConverseContentBlock =
  | { text: string }
  | { image: { format: ImageFormat; source: { bytes: string } } }
  | { toolUse: { toolUseId: string; name: string; input: unknown } }
  | { toolResult: { toolUseId: string; content: { text: string }[] } }
  | { reasoningContent: { reasoningText: { text: string; signature: string } } | { redactedContent: string } };

export interface ConverseMessage {
  role: 'user' | 'assistant';
  content: ConverseContentBlock[];
}

const IMAGE_FORMATS: Record<string, ImageFormat> = {
  'image/png': 'png',
  'image/jpeg': 'jpeg',
  'image/jpg': 'jpeg',
  'image/gif': 'gif',
  'image/webp': 'webp',
};

/** The plain text of a message: a string, or its text parts joined. */
function textOf(content: ChatMessage['content']): string {
  if (content == null) return '';
  if (typeof content === 'string') return content;
  return content.map((p) => (p.type === 'text' && typeof p.text === 'string' ? p.text : '')).join('');
}

function imageBlock(url: string): ConverseContentBlock {
  // Converse takes image bytes only; fetching remote URLs is the client's business.
  const match = /^data:([^;,]+);base64,(.*)$/s.exec(url);
  const format = match ? ownValue(IMAGE_FORMATS, match[1]!.toLowerCase()) : undefined;
  if (!match || !format) {
    throw GatewayError.invalidRequest('bedrock accepts images only as base64 data: URLs of png, jpeg, gif or webp', 'unsupported_image', 'messages');
  }
  return { image: { format, source: { bytes: match[2]! } } };
}

function partBlock(part: ContentPart): ConverseContentBlock | undefined {
  if (part.type === 'text') {
    const text = typeof part.text === 'string' ? part.text : '';
    // Converse rejects blank text blocks.
    return text === '' ? undefined : { text };
  }
  if (part.type === 'image_url') {
    const image = part.image_url as { url?: unknown } | undefined;
    return imageBlock(typeof image?.url === 'string' ? image.url : '');
  }
  throw GatewayError.invalidRequest(`bedrock does not support content parts of type "${part.type}"`, 'unsupported_content', 'messages');
}

function userBlocks(content: ChatMessage['content']): ConverseContentBlock[] {
  if (content == null) return [];
  if (typeof content === 'string') return content === '' ? [] : [{ text: content }];
  return content.flatMap((p) => partBlock(p) ?? []);
}

function parseArguments(args: string, name: string): unknown {
  if (args.trim() === '') return {};
  try {
    return JSON.parse(args);
  } catch {
    throw GatewayError.invalidRequest(`the arguments of tool call "${name}" are not JSON`, 'invalid_tool_arguments', 'messages');
  }
}

/**
 * Reasoning Bedrock signed (or redacted) goes back first in the turn, as Claude needs it to continue
 * a tool loop. Claude's thinking family reads Anthropic-minted parts too (a client may have carried
 * them through OpenRouter's `anthropic-claude-v1` format); unsigned text is not sent, Converse
 * reads prior reasoning only with its signature.
 */
function reasoningBlocks(message: ChatMessage): ConverseContentBlock[] {
  return (message.reasoning ?? []).flatMap((r): ConverseContentBlock[] => {
    if (r.source !== 'bedrock' && r.source !== 'anthropic') return [];
    if (r.redacted !== undefined) return [{ reasoningContent: { redactedContent: r.redacted } }];
    return r.signature ? [{ reasoningContent: { reasoningText: { text: r.text, signature: r.signature } } }] : [];
  });
}

function assistantBlocks(message: ChatMessage): ConverseContentBlock[] {
  const text = textOf(message.content);
  const blocks: ConverseContentBlock[] = [...reasoningBlocks(message), ...(text === '' ? [] : [{ text }])];
  for (const call of message.tool_calls ?? []) {
    blocks.push({ toolUse: { toolUseId: call.id, name: call.function.name, input: parseArguments(call.function.arguments, call.function.name) } });
  }
  return blocks;
}

/** System and developer messages become `system`; tool results become user turns; same-role turns merge. */
export function toConverseMessages(messages: ChatMessage[]): { system: { text: string }[]; messages: ConverseMessage[] } {
  const system: { text: string }[] = [];
  const out: ConverseMessage[] = [];
  const push = (role: ConverseMessage['role'], content: ConverseContentBlock[]) => {
    if (content.length === 0) return;
    const last = out.at(-1);
    // Converse wants turns to alternate; OpenAI lets a user (or tool results) speak twice in a row.
    if (last?.role === role) last.content.push(...content);
    else out.push({ role, content });
  };
  for (const message of messages) {
    switch (message.role) {
      case 'system':
      case 'developer': {
        const text = textOf(message.content);
        if (text !== '') system.push({ text });
        break;
      }
      case 'user':
        push('user', userBlocks(message.content));
        break;
      case 'assistant':
        push('assistant', assistantBlocks(message));
        break;
      case 'tool':
        if (!message.tool_call_id) throw GatewayError.invalidRequest('a tool message needs a tool_call_id', 'missing_tool_call_id', 'messages');
        push('user', [{ toolResult: { toolUseId: message.tool_call_id, content: [{ text: textOf(message.content) }] } }]);
        break;
    }
  }
  return { system, messages: out };
}
