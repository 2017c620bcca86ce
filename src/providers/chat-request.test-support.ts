import type { ChatMessage, ChatRequest } from '../types/chat';

// Test support, not a test file: the canonical chat request the adapter tests hand a provider.

/** A non-streamed chat request for `provider`/`model` with `messages`, overridden by `over`. */
export function chatRequest(provider: string, model: string, messages: ChatMessage[], over: Partial<ChatRequest> = {}): ChatRequest {
  return { kind: 'chat', provider, model, messages, stream: false, includeUsage: false, fallbacks: [], params: {}, ...over };
}
