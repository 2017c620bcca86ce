import { GatewayError } from '../../errors/gateway-error';
import type { ProviderAdapter } from '../types';
import { bedrockFetch } from './bedrock-fetch';
import { fromConverseResponse, toConverseBody } from './chat';
import { bedrockChatStreamTranslator } from './chat-stream';
import { decodeEventStream } from './decode-event-stream';
import { embedBedrock } from './embed';

/** AWS Bedrock Runtime: Converse for chat, ConverseStream's binary event stream, InvokeModel for embeddings. */
export const bedrockAdapter: ProviderAdapter = {
  async chat(req, call) {
    const res = await bedrockFetch(call, req.model, 'converse', toConverseBody(req));
    let json: unknown;
    try {
      json = await res.json();
    } catch (err) {
      throw new GatewayError({ status: 502, type: 'upstream_error', code: 'invalid_upstream_response', message: `provider "${call.provider.name}" sent a body that is not JSON`, retryable: true, provider: call.provider.name, cause: err });
    }
    return fromConverseResponse(call.provider.name, req.model, call.requestId, json);
  },

  async chatStream(req, call) {
    const res = await bedrockFetch(call, req.model, 'converse-stream', toConverseBody(req));
    if (!res.body) {
      throw new GatewayError({ status: 502, type: 'upstream_error', message: `provider "${call.provider.name}" sent an empty stream`, retryable: true, provider: call.provider.name });
    }
    return decodeEventStream(res.body).pipeThrough(
      bedrockChatStreamTranslator({ provider: call.provider.name, id: `chatcmpl-${call.requestId}`, model: req.model }),
    );
  },

  embed: embedBedrock,
};
