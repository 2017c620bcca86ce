import { decodeSse } from '../../streams/decode-sse';
import { readJson } from '../read-json';
import type { ProviderAdapter, ProviderCall } from '../types';
import { emptyStream } from '../upstream-errors';
import { upstreamFetch } from '../upstream-fetch';
import { fromCohereChatResponse, toCohereChatBody } from './chat';
import { cohereChatStreamTranslator } from './chat-stream';
import { fromCohereEmbedResponse, toCohereEmbedBody } from './embed';
import { mapCohereError } from './map-error';

// Auth and URLs live here; the translators know nothing of either.

function headers(call: ProviderCall): Headers {
  const h = new Headers(call.provider.extraHeaders);
  h.set('content-type', 'application/json');
  if (call.key?.value) h.set('authorization', `Bearer ${call.key.value}`);
  return h;
}

function post(call: ProviderCall, path: string, body: Record<string, unknown>): Promise<Response> {
  const { provider } = call;
  return upstreamFetch(
    call,
    `${provider.baseUrl}${path}`,
    { method: 'POST', headers: headers(call), body: JSON.stringify(body) },
    (status, text) => mapCohereError(provider.name, status, text),
  );
}

/** Cohere's v2 API (https://api.cohere.com/v2): /chat and /embed. */
export const cohereAdapter: ProviderAdapter = {
  async chat(req, call) {
    const res = await post(call, '/chat', toCohereChatBody(req, false, call.provider.name));
    return fromCohereChatResponse(call.provider.name, req.model, await readJson(res, call.provider.name));
  },

  async chatStream(req, call) {
    const res = await post(call, '/chat', toCohereChatBody(req, true, call.provider.name));
    if (!res.body) throw emptyStream(call.provider.name);
    return cohereChatStreamTranslator({ provider: call.provider.name, model: req.model, fallbackId: `chatcmpl-${call.requestId}` })(decodeSse(res.body));
  },

  async embed(req, call) {
    const res = await post(call, '/embed', toCohereEmbedBody(req));
    return fromCohereEmbedResponse(call.provider.name, req.model, await readJson(res, call.provider.name));
  },
};
