import { readJson } from '../read-json';
import type { ProviderAdapter } from '../types';
import { emptyStream } from '../upstream-errors';
import { bedrockFetch, bedrockModelId } from './bedrock-fetch';
import { fromConverseResponse, toConverseBody } from './chat';
import { bedrockChatStreamTranslator } from './chat-stream';
import { decodeEventStream } from './decode-event-stream';
import { embedBedrock } from './embed';

/** AWS Bedrock Runtime: Converse for chat, ConverseStream's binary event stream, InvokeModel for embeddings. */
export const bedrockAdapter: ProviderAdapter = {
  async chat(req, call) {
    const res = await bedrockFetch(call, req.model, 'converse', toConverseBody(req, call.provider.name, bedrockModelId(call, req.model)));
    return fromConverseResponse(call.provider.name, req.model, call.requestId, await readJson(res, call.provider.name));
  },

  async chatStream(req, call) {
    const res = await bedrockFetch(call, req.model, 'converse-stream', toConverseBody(req, call.provider.name, bedrockModelId(call, req.model)));
    if (!res.body) throw emptyStream(call.provider.name);
    return bedrockChatStreamTranslator({ provider: call.provider.name, id: `chatcmpl-${call.requestId}`, model: req.model })(decodeEventStream(res.body));
  },

  embed: embedBedrock,
};
