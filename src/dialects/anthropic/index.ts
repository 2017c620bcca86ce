import type { CountTokensRequest } from '../../types/chat';
import type { ChatDialect, Dialect } from '../dialect';
import { anthropicErrorBody, encodeMessagesResponse } from './encode-messages-response';
import { encodeMessagesStream } from './encode-messages-stream';
import { parseCountTokensRequest, parseMessagesRequest } from './messages-request';

export const anthropicDialect: ChatDialect = {
  parse: parseMessagesRequest,
  encodeResponse: encodeMessagesResponse,
  encodeStream: encodeMessagesStream,
  errorBody: anthropicErrorBody,
  doneMarker: false,
};

/**
 * `count_tokens`: Anthropic's answer shape (`input_tokens`), plus the gateway's facts in
 * `extra_fields`, where `estimated` says whether the provider counted or the gateway estimated.
 */
export const anthropicCountTokensDialect: Dialect<CountTokensRequest> = {
  parse: parseCountTokensRequest,
  encodeResponse: (res, extraFields) => ({ input_tokens: res.inputTokens, extra_fields: { ...extraFields, estimated: res.estimated } }),
  errorBody: anthropicErrorBody,
  doneMarker: false,
};
