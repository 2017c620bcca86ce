import { parseBody } from '../parse-body';
import { z } from 'zod';
import type { ChatMessage, ChatRequest, ContentPart, CountTokensRequest, ToolCall } from '../../types/chat';
import { parseModelTarget } from '../openai/chat-request';

// Anthropic's Messages API as a client dialect: the request is read here into the canonical
// (OpenAI-shaped) request, so any provider can answer an Anthropic SDK client.

const imageSource = z.union([
  z.looseObject({ type: z.literal('base64'), media_type: z.string(), data: z.string() }),
  z.looseObject({ type: z.literal('url'), url: z.string() }),
]);
const textBlock = z.looseObject({ type: z.literal('text'), text: z.string() });
const imageBlock = z.looseObject({ type: z.literal('image'), source: imageSource });
const toolUseBlock = z.looseObject({ type: z.literal('tool_use'), id: z.string(), name: z.string(), input: z.unknown() });
const toolResultBlock = z.looseObject({
  type: z.literal('tool_result'),
  tool_use_id: z.string(),
  content: z.union([z.string(), z.array(z.looseObject({ type: z.string(), text: z.string().optional() }))]).optional(),
  is_error: z.boolean().optional(),
});
const block = z.union([
  textBlock,
  imageBlock,
  toolUseBlock,
  toolResultBlock,
  // thinking, documents, …: accepted and dropped, as a provider without them would.
  z.looseObject({ type: z.string() }),
]);

const body = z.looseObject({
  model: z.string().min(1),
  max_tokens: z.number().int().positive(),
  // Claude Code puts a `system` turn inside `messages` when the model is not a Claude model.
  messages: z.array(z.looseObject({ role: z.enum(['user', 'assistant', 'system']), content: z.union([z.string(), z.array(block)]) })).min(1),
  system: z.union([z.string(), z.array(textBlock)]).optional(),
  stream: z.boolean().optional(),
  temperature: z.number().min(0).max(1).optional(),
  top_p: z.number().min(0).max(1).optional(),
  top_k: z.number().int().positive().optional(),
  stop_sequences: z.array(z.string()).optional(),
  tools: z.array(z.looseObject({ name: z.string(), description: z.string().optional(), input_schema: z.record(z.string(), z.unknown()) })).optional(),
  tool_choice: z.looseObject({ type: z.enum(['auto', 'any', 'tool', 'none']), name: z.string().optional() }).optional(),
  metadata: z.looseObject({ user_id: z.string().optional() }).optional(),
  fallbacks: z.array(z.string().min(1)).optional(),
});

type Block = z.output<typeof block>;

/** `count_tokens` takes a Messages body without generation settings: `max_tokens` is not required. */
const countBody = body.extend({ max_tokens: z.number().int().positive().optional() });

/** What a Messages body asks, in canonical terms: target, fallbacks, messages (system first), parameters. */
function readMessages(b: z.output<typeof countBody>, knownProviders: ReadonlySet<string>) {
  const messages: ChatMessage[] = [];
  if (b.system !== undefined) messages.push({ role: 'system', content: typeof b.system === 'string' ? b.system : b.system.map((t) => t.text).join('\n') });
  for (const m of b.messages) messages.push(...(m.role === 'user' ? userTurn(m.content) : m.role === 'system' ? systemTurn(m.content) : assistantTurn(m.content)));

  const params: Record<string, unknown> = {};
  if (b.max_tokens !== undefined) params.max_tokens = b.max_tokens;
  if (b.temperature !== undefined) params.temperature = b.temperature;
  if (b.top_p !== undefined) params.top_p = b.top_p;
  if (b.top_k !== undefined) params.top_k = b.top_k;
  if (b.stop_sequences) params.stop = b.stop_sequences;
  if (b.metadata?.user_id) params.user = b.metadata.user_id;
  if (b.tools) params.tools = b.tools.map((t) => ({ type: 'function', function: { name: t.name, description: t.description, parameters: t.input_schema } }));
  if (b.tool_choice) {
    const { type, name } = b.tool_choice;
    params.tool_choice = type === 'any' ? 'required' : type === 'tool' ? { type: 'function', function: { name } } : type;
  }
  return {
    ...parseModelTarget(b.model, knownProviders, 'model', true),
    messages,
    fallbacks: (b.fallbacks ?? []).map((f, i) => parseModelTarget(f, knownProviders, `fallbacks[${i}]`)),
    params,
  };
}

export function parseMessagesRequest(raw: unknown, knownProviders: ReadonlySet<string>): ChatRequest {
  const b = parseBody(body, raw);
  return {
    kind: 'chat',
    ...readMessages(b, knownProviders),
    stream: b.stream === true,
    // Anthropic streams always report usage (message_start / message_delta).
    includeUsage: true,
  };
}

/** `POST /v1/messages/count_tokens`: the same body, counted rather than answered. */
export function parseCountTokensRequest(raw: unknown, knownProviders: ReadonlySet<string>): CountTokensRequest {
  return { kind: 'count_tokens', ...readMessages(parseBody(countBody, raw), knownProviders) };
}

/** A system turn inside `messages`: its text, where it stands (providers that want one system prompt gather them). */
function systemTurn(content: string | Block[]): ChatMessage[] {
  const text = typeof content === 'string' ? content : content.flatMap((b) => (b.type === 'text' ? [(b as z.output<typeof textBlock>).text] : [])).join('\n');
  return text ? [{ role: 'system', content: text }] : [];
}

/** A user turn; its tool_result blocks become OpenAI tool messages, which come first. */
function userTurn(content: string | Block[]): ChatMessage[] {
  if (typeof content === 'string') return [{ role: 'user', content }];
  const out: ChatMessage[] = [];
  const parts: ContentPart[] = [];
  for (const b of content) {
    // The union above already validated each block against its own schema.
    if (b.type === 'tool_result') {
      const r = b as z.output<typeof toolResultBlock>;
      const text = typeof r.content === 'string' ? r.content : (r.content ?? []).map((p) => p.text ?? '').join('');
      out.push({ role: 'tool', tool_call_id: r.tool_use_id, content: r.is_error ? `Error: ${text}` : text });
    } else if (b.type === 'text') parts.push({ type: 'text', text: (b as z.output<typeof textBlock>).text });
    else if (b.type === 'image') parts.push({ type: 'image_url', image_url: { url: imageUrl((b as z.output<typeof imageBlock>).source) } });
  }
  if (parts.length > 0) out.push({ role: 'user', content: parts.every((p) => p.type === 'text') ? parts.map((p) => (p as { text: string }).text).join('\n') : parts });
  return out;
}

function assistantTurn(content: string | Block[]): ChatMessage[] {
  if (typeof content === 'string') return [{ role: 'assistant', content }];
  const text = content.flatMap((b) => (b.type === 'text' ? [(b as z.output<typeof textBlock>).text] : [])).join('');
  const toolCalls: ToolCall[] = content.flatMap((b) => {
    if (b.type !== 'tool_use') return [];
    const u = b as z.output<typeof toolUseBlock>;
    return [{ id: u.id, type: 'function' as const, function: { name: u.name, arguments: JSON.stringify(u.input ?? {}) } }];
  });
  return [{ role: 'assistant', content: text || null, ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}) }];
}

const imageUrl = (source: z.output<typeof imageSource>): string => (source.type === 'base64' ? `data:${source.media_type};base64,${source.data}` : source.url);
