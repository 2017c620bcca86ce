import type { ChatDialect } from '../dialect';
import { parseChatRequest } from './chat-request';
import { encodeChatResponse } from './encode-chat-response';
import { encodeOpenAIChatStream } from './encode-chat-stream';

export const openAIDialect: ChatDialect = {
  parse: parseChatRequest,
  encodeResponse: encodeChatResponse,
  encodeStream: encodeOpenAIChatStream,
  errorBody: (err) => err.toJSON(),
  doneMarker: true,
};
