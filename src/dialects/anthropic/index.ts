import type { ChatDialect } from '../dialect';
import { anthropicErrorBody, encodeMessagesResponse } from './encode-messages-response';
import { encodeMessagesStream } from './encode-messages-stream';
import { parseMessagesRequest } from './messages-request';

export const anthropicDialect: ChatDialect = {
  parse: parseMessagesRequest,
  encodeResponse: encodeMessagesResponse,
  encodeStream: encodeMessagesStream,
  errorBody: anthropicErrorBody,
  doneMarker: false,
};
