import * as z from '../../zod';
import { formatIssues } from '../../config/format-issues';
import { GatewayError } from '../../errors/gateway-error';
import type { ChatMessage, ContentPart, ReasoningPart } from '../../types/chat';
import { openReasoning } from './reasoning-envelope';

// Responses `input` items → canonical chat messages. An assistant turn is several items in the
// Responses API (reasoning, a message, function calls) and one message in chat: consecutive
// assistant items are gathered into one. Items a chat upstream cannot take (item_reference, file
// inputs, hosted tools' call records) are a 400 naming the item, never dropped.

const text = z.string().check(z.maxLength(10_000_000));
const part = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('input_text'), text }),
  z.looseObject({ type: z.literal('output_text'), text }),
  z.looseObject({ type: z.literal('refusal'), refusal: text }),
  z.looseObject({ type: z.literal('input_image'), image_url: z.nullish(z.string()), file_id: z.nullish(z.string()), detail: z.nullish(z.enum(['low', 'high', 'auto'])) }),
  // Accepted by the schema so the refusal can say why (contentOf), rather than "invalid input".
  z.looseObject({ type: z.literal('input_file') }),
  z.looseObject({ type: z.literal('input_audio') }),
]);

const messageItem = z.looseObject({
  type: z.literal('message'),
  role: z.enum(['user', 'assistant', 'system', 'developer']),
  content: z.union([text, z.array(part).check(z.maxLength(1024))]),
});
const functionCallItem = z.looseObject({
  type: z.literal('function_call'),
  call_id: z.string().check(z.minLength(1), z.maxLength(256)),
  name: z.string().check(z.minLength(1), z.maxLength(128)),
  arguments: text,
  namespace: z.nullish(z.string()),
});
const functionCallOutputItem = z.looseObject({
  type: z.literal('function_call_output'),
  call_id: z.string().check(z.minLength(1), z.maxLength(256)),
  output: z.union([text, z.array(part).check(z.maxLength(1024))]),
});
const reasoningItem = z.looseObject({
  type: z.literal('reasoning'),
  summary: z._default(z.array(z.looseObject({ type: z.literal('summary_text'), text })).check(z.maxLength(256)), []),
  content: z.nullish(z.array(z.looseObject({ type: z.literal('reasoning_text'), text })).check(z.maxLength(256))),
  encrypted_content: z.nullish(z.string().check(z.maxLength(10_000_000))),
});

/** An EasyInputMessage (`{role, content}`) has no `type`: it is a message. */
const withMessageType = (v: unknown) => (v && typeof v === 'object' && !('type' in v) && 'role' in v ? { ...v, type: 'message' } : v);

const item = z.discriminatedUnion('type', [messageItem, functionCallItem, functionCallOutputItem, reasoningItem]);
const ITEM_TYPES = new Set<string>(item.def.options.flatMap((o) => o.shape.type.def.values));

/** Items are read one by one (`inputMessages`), so a refusal names the item and what is wrong with it. */
export const inputSchema = z.union([text, z.array(z.unknown()).check(z.maxLength(4096))]);

type InputItem = z.output<typeof item>;

function readItem(raw: unknown, param: string): InputItem {
  const value = withMessageType(raw);
  const type = value && typeof value === 'object' ? (value as { type?: unknown }).type : undefined;
  if (typeof type === 'string' && !ITEM_TYPES.has(type)) {
    throw GatewayError.invalidRequest(
      `${param}: items of type "${type.slice(0, 64)}" are not supported: a chat-completions upstream has no such turn (send messages, function_call, function_call_output and reasoning items; an item_reference names an item of a response stored here)`,
      'unsupported_value',
      param,
    );
  }
  const parsed = item.safeParse(value);
  if (!parsed.success) throw GatewayError.invalidRequest(`${param}: ${formatIssues(parsed.error.issues, value)}`, 'invalid_value', param);
  return parsed.data;
}

type Part = z.output<typeof part>;

function contentOf(parts: string | Part[], param: string): string | ContentPart[] {
  if (typeof parts === 'string') return parts;
  const out: ContentPart[] = parts.map((p, i) => {
    switch (p.type) {
      case 'input_text':
      case 'output_text':
        return { type: 'text', text: p.text };
      case 'refusal':
        return { type: 'text', text: p.refusal };
      case 'input_image':
        if (!p.image_url) throw GatewayError.invalidRequest(`${param}[${i}]: an input_image needs image_url (a URL or data URL); file_id refers to OpenAI's file storage, which Heimdall does not have`, 'unsupported_value', `${param}[${i}]`);
        return { type: 'image_url', image_url: { url: p.image_url, ...(p.detail && { detail: p.detail }) } };
      case 'input_file':
      case 'input_audio':
        throw GatewayError.invalidRequest(`${param}[${i}]: ${p.type} parts are not supported on /v1/responses (the canonical request carries text and images)`, 'unsupported_value', `${param}[${i}]`);
    }
  });
  // Text alone travels as a string, which every provider takes.
  return out.every((p) => p.type === 'text') ? out.map((p) => (p as { text: string }).text).join('\n') : out;
}

function reasoningOf(item: z.output<typeof reasoningItem>, param: string): ReasoningPart {
  // The full reasoning text when the client has it, else the summary it was shown.
  const texts = item.content?.length ? item.content.map((c) => c.text) : item.summary.map((s) => s.text);
  return { text: texts.join('\n\n'), ...(item.encrypted_content ? openReasoning(item.encrypted_content, `${param}.encrypted_content`) : {}) };
}

/** The items, in order, as chat messages. */
export function inputMessages(input: string | unknown[]): ChatMessage[] {
  if (typeof input === 'string') return [{ role: 'user', content: input }];
  const out: ChatMessage[] = [];
  let assistant: ChatMessage | undefined;
  const openAssistant = (): ChatMessage => {
    if (!assistant) {
      assistant = { role: 'assistant', content: null };
      out.push(assistant);
    }
    return assistant;
  };
  input.forEach((raw, i) => {
    const param = `input[${i}]`;
    const item = readItem(raw, param);
    switch (item.type) {
      case 'message': {
        const content = contentOf(item.content, `${param}.content`);
        if (item.role !== 'assistant') {
          assistant = undefined;
          out.push({ role: item.role, content });
          return;
        }
        const a = openAssistant();
        const textNow = typeof content === 'string' ? content : content.map((p) => (p as { text?: string }).text ?? '').join('');
        a.content = typeof a.content === 'string' ? a.content + textNow : textNow;
        return;
      }
      case 'function_call': {
        const a = openAssistant();
        (a.tool_calls ??= []).push({ id: item.call_id, type: 'function', function: { name: item.name, arguments: item.arguments } });
        return;
      }
      case 'function_call_output': {
        assistant = undefined;
        const content = contentOf(item.output, `${param}.output`);
        if (typeof content !== 'string') throw GatewayError.invalidRequest(`${param}.output: a chat-completions tool result holds text only`, 'unsupported_value', `${param}.output`);
        out.push({ role: 'tool', tool_call_id: item.call_id, content });
        return;
      }
      case 'reasoning':
        (openAssistant().reasoning ??= []).push(reasoningOf(item, param));
        return;
    }
  });
  return out;
}
