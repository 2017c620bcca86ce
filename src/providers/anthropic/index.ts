import { GatewayError } from '../../errors/gateway-error';
import { decodeSse } from '../../streams/decode-sse';
import type { ProviderAdapter, ProviderCall } from '../types';
import { upstreamFetch } from '../upstream-fetch';
import { fromAnthropicChatResponse, toAnthropicChatBody } from './chat';
import { anthropicChatStreamTranslator } from './chat-stream';
import { mapAnthropicError } from './map-error';

export const ANTHROPIC_DEFAULT_BASE_URL = 'https://api.anthropic.com/v1';
const ANTHROPIC_VERSION = '2023-06-01';

function headers(call: ProviderCall): Headers {
  const h = new Headers(call.provider.extraHeaders);
  h.set('content-type', 'application/json');
  // extra_headers may pin another API version; anthropic-beta flags travel the same way.
  if (!h.has('anthropic-version')) h.set('anthropic-version', ANTHROPIC_VERSION);
  if (call.key?.value) h.set('x-api-key', call.key.value);
  return h;
}

function post(call: ProviderCall, body: Record<string, unknown>): Promise<Response> {
  const { provider } = call;
  return upstreamFetch(
    provider,
    `${provider.baseUrl}/messages`,
    { method: 'POST', headers: headers(call), body: JSON.stringify(body) },
    (status, text) => mapAnthropicError(provider.name, status, text),
  );
}

/** Anthropic's Messages API. It has no embeddings endpoint, so `embed` is left out. */
export const anthropicAdapter: ProviderAdapter = {
  async chat(req, call) {
    const res = await post(call, toAnthropicChatBody(req, false));
    let json: unknown;
    try {
      json = await res.json();
    } catch (err) {
      throw new GatewayError({ status: 502, type: 'upstream_error', code: 'invalid_upstream_response', message: `provider "${call.provider.name}" sent a body that is not JSON`, retryable: true, provider: call.provider.name, cause: err });
    }
    return fromAnthropicChatResponse(call.provider.name, req.model, json);
  },

  async chatStream(req, call) {
    const res = await post(call, toAnthropicChatBody(req, true));
    if (!res.body) {
      throw new GatewayError({ status: 502, type: 'upstream_error', message: `provider "${call.provider.name}" sent an empty stream`, retryable: true, provider: call.provider.name });
    }
    return decodeSse(res.body).pipeThrough(anthropicChatStreamTranslator(call.provider.name, req.model));
  },
};
