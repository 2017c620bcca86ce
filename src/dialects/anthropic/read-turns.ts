import * as z from '../../zod';
import type { ChatMessage, ContentPart, ReasoningPart, ToolCall } from '../../types/chat';

// Anthropic content blocks → canonical messages. `cache_control` stays on the part (or, for a
// tool_result, on the tool message: LiteLLM's convention), so an Anthropic target gets its cache
// breakpoints back where the client put them. Text stays a plain string only when no part carries
// anything a string cannot (cache_control, citations).

const imageSource = z.union([
  z.looseObject({ type: z.literal('base64'), media_type: z.string(), data: z.string() }),
  z.looseObject({ type: z.literal('url'), url: z.string() }),
  // A file uploaded to Anthropic's Files API, which only an Anthropic target can read.
  z.looseObject({ type: z.literal('file'), file_id: z.string() }),
]);
const textBlock = z.looseObject({ type: z.literal('text'), text: z.string() });
const imageBlock = z.looseObject({ type: z.literal('image'), source: imageSource });
const toolUseBlock = z.looseObject({ type: z.literal('tool_use'), id: z.string(), name: z.string(), input: z.unknown() });
const toolResultBlock = z.looseObject({
  type: z.literal('tool_result'),
  tool_use_id: z.string(),
  content: z.optional(z.union([z.string(), z.array(z.looseObject({ type: z.string(), text: z.optional(z.string()) }))])),
  is_error: z.optional(z.boolean()),
});
const thinkingBlock = z.looseObject({ type: z.literal('thinking'), thinking: z.string(), signature: z.optional(z.string()) });
const redactedBlock = z.looseObject({ type: z.literal('redacted_thinking'), data: z.string() });

export const block = z.union([
  textBlock,
  imageBlock,
  toolUseBlock,
  toolResultBlock,
  thinkingBlock,
  redactedBlock,
  // documents, search results, server tool blocks, …: passed on as parts an Anthropic target takes as they are.
  z.looseObject({ type: z.string() }),
]);
export const systemBlocks = z.array(textBlock);

type Block = z.output<typeof block>;
type TextBlock = z.output<typeof textBlock>;

/** A text block as a canonical part, with what else it carries (cache_control, citations). */
const textPart = ({ type: _, text, ...rest }: TextBlock): ContentPart => ({ type: 'text', text, ...rest });
const plain = (parts: ContentPart[]): boolean => parts.every((p) => p.type === 'text' && Object.keys(p).length === 2);
/** Text parts as a string when nothing is lost, else the parts. */
const content = (parts: ContentPart[], join: string): string | ContentPart[] => (plain(parts) ? parts.map((p) => (p as { text: string }).text).join(join) : parts);

/** The top-level `system`, a string or text blocks. */
export function systemMessage(system: string | TextBlock[]): ChatMessage[] {
  if (typeof system === 'string') return system ? [{ role: 'system', content: system }] : [];
  return system.length > 0 ? [{ role: 'system', content: content(system.map(textPart), '\n') }] : [];
}

/** A system turn inside `messages` (Claude Code sends one for a non-Claude model): where it stands. */
export function systemTurn(turn: string | Block[]): ChatMessage[] {
  if (typeof turn === 'string') return turn ? [{ role: 'system', content: turn }] : [];
  return systemMessage(turn.filter((b): b is TextBlock => b.type === 'text'));
}

/** A user turn; its tool_result blocks become tool messages, which come first. */
export function userTurn(turn: string | Block[]): ChatMessage[] {
  if (typeof turn === 'string') return [{ role: 'user', content: turn }];
  const out: ChatMessage[] = [];
  const parts: ContentPart[] = [];
  for (const b of turn) {
    // The union above already validated each block against its own schema.
    if (b.type === 'tool_result') {
      const r = b as z.output<typeof toolResultBlock>;
      const cache = r.cache_control !== undefined ? { cache_control: r.cache_control } : {};
      out.push({ role: 'tool', tool_call_id: r.tool_use_id, content: toolResultContent(r), ...cache });
    } else if (b.type === 'text') parts.push(textPart(b as TextBlock));
    else if (b.type === 'image') parts.push(imagePart(b as z.output<typeof imageBlock>));
    else parts.push({ ...b });
  }
  if (parts.length > 0) out.push({ role: 'user', content: content(parts, '\n') });
  return out;
}

/** An assistant turn: thinking blocks become its reasoning (in order), text its content, tool_use its calls. */
export function assistantTurn(turn: string | Block[]): ChatMessage[] {
  if (typeof turn === 'string') return [{ role: 'assistant', content: turn }];
  const parts: ContentPart[] = [];
  const toolCalls: ToolCall[] = [];
  const reasoning: ReasoningPart[] = [];
  for (const b of turn) {
    if (b.type === 'text') parts.push(textPart(b as TextBlock));
    else if (b.type === 'tool_use') {
      const u = b as z.output<typeof toolUseBlock>;
      toolCalls.push({ id: u.id, type: 'function', function: { name: u.name, arguments: JSON.stringify(u.input ?? {}) } });
    } else if (b.type === 'thinking') {
      const t = b as z.output<typeof thinkingBlock>;
      // An empty signature is how this dialect sends reasoning another provider produced: text only.
      reasoning.push(t.signature ? { text: t.thinking, signature: t.signature, source: 'anthropic' } : { text: t.thinking });
    } else if (b.type === 'redacted_thinking') reasoning.push({ text: '', redacted: (b as z.output<typeof redactedBlock>).data, source: 'anthropic' });
    else parts.push({ ...b });
  }
  const text = parts.length === 0 ? null : content(parts, '');
  return [{ role: 'assistant', content: text === '' ? null : text, ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}), ...(reasoning.length > 0 ? { reasoning } : {}) }];
}

/**
 * A tool result's content: text as a string (an error marked as such, since the canonical tool
 * message has no error flag), or parts when it holds images or other blocks (a screenshot).
 */
function toolResultContent(r: z.output<typeof toolResultBlock>): string | ContentPart[] {
  const blocks = typeof r.content === 'string' ? [{ type: 'text', text: r.content }] : (r.content ?? []);
  const prefix = r.is_error ? 'Error: ' : '';
  if (blocks.every((p) => p.type === 'text' && Object.keys(p).length === 2)) return prefix + blocks.map((p) => p.text ?? '').join('');
  const parts = blocks.map((p): ContentPart => {
    if (p.type === 'text') return textPart({ ...p, type: 'text', text: p.text ?? '' });
    const image = imageBlock.safeParse(p);
    return image.success ? imagePart(image.data) : { ...p };
  });
  return prefix ? [{ type: 'text', text: prefix.trim() }, ...parts] : parts;
}

function imagePart(b: z.output<typeof imageBlock>): ContentPart {
  const { type: _, source, ...rest } = b;
  // A Files API image has no URL form: it stays an Anthropic block.
  if (source.type === 'file') return { ...b };
  return { type: 'image_url', image_url: { url: source.type === 'base64' ? `data:${source.media_type};base64,${source.data}` : source.url }, ...rest };
}
