import type { ChatMessage, ContentPart } from '../../types/chat';

type CohereContentPart = { type: 'text'; text: string } | { type: 'image_url'; image_url: { url: string; detail?: string } };

export type CohereMessage =
  | { role: 'system'; content: string }
  | { role: 'user'; content: string | CohereContentPart[] }
  | { role: 'assistant'; content?: string; tool_calls?: ChatMessage['tool_calls'] }
  | { role: 'tool'; tool_call_id: string; content: string };

const textOf = (content: ChatMessage['content']): string =>
  typeof content === 'string'
    ? content
    : (content ?? []).flatMap((p) => (p.type === 'text' && typeof p.text === 'string' ? [p.text] : [])).join('');

/** Text and images (data: URLs or https) are what Cohere's vision models read; other parts are dropped. */
function userContent(content: ChatMessage['content']): string | CohereContentPart[] {
  if (typeof content === 'string' || content === null) return content ?? '';
  return content.flatMap((p: ContentPart): CohereContentPart[] => {
    if (p.type === 'text' && typeof p.text === 'string') return [{ type: 'text', text: p.text }];
    if (p.type === 'image_url' && p.image_url && typeof p.image_url === 'object' && 'url' in p.image_url) {
      const img = p.image_url as { url: string; detail?: string };
      return [{ type: 'image_url', image_url: img.detail ? { url: img.url, detail: img.detail } : { url: img.url } }];
    }
    return [];
  });
}

/** OpenAI-shaped messages → Cohere v2 messages; the roles match except `developer`, Cohere's `system`. */
export function toCohereMessages(messages: ChatMessage[]): CohereMessage[] {
  return messages.map((m): CohereMessage => {
    switch (m.role) {
      case 'system':
      case 'developer':
        return { role: 'system', content: textOf(m.content) };
      case 'user':
        return { role: 'user', content: userContent(m.content) };
      case 'assistant': {
        const text = textOf(m.content);
        if (!m.tool_calls?.length) return { role: 'assistant', content: text };
        // Gemini's signature on a call is the gateway's own field: it does not go to Cohere.
        return { role: 'assistant', ...(text ? { content: text } : {}), tool_calls: m.tool_calls.map(({ signature: _signature, ...tc }) => tc) };
      }
      case 'tool':
        return { role: 'tool', tool_call_id: m.tool_call_id ?? '', content: textOf(m.content) };
    }
  });
}
