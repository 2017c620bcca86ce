import type { ChatRequest, CountTokensRequest } from '../types/chat';

/** The chat request a count is for, so an adapter counts with the body it would send for chat. */
export const chatToCount = (req: CountTokensRequest): ChatRequest => ({ ...req, kind: 'chat', stream: false, includeUsage: false });
