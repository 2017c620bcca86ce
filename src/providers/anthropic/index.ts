import { decodeSse } from '../../streams/decode-sse';
import { readJson } from '../read-json';
import type { ProviderAdapter, ProviderCall } from '../types';
import { emptyStream } from '../upstream-errors';
import { upstreamFetch } from '../upstream-fetch';
import { fromAnthropicChatResponse, toAnthropicChatBody } from './chat';
import { anthropicChatStreamTranslator } from './chat-stream';
import { fromAnthropicCount, toAnthropicCountBody } from './count-tokens';
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

function post(call: ProviderCall, body: Record<string, unknown>, path = '/messages'): Promise<Response> {
  const { provider } = call;
  return upstreamFetch(
    call,
    `${provider.baseUrl}${path}`,
    { method: 'POST', headers: headers(call), body: JSON.stringify(body) },
    (status, text) => mapAnthropicError(provider.name, status, text),
  );
}

/** Anthropic's Messages API and its token counter. It has no embeddings endpoint, so `embed` is left out. */
export const anthropicAdapter: ProviderAdapter = {
  async chat(req, call) {
    const res = await post(call, toAnthropicChatBody(req, false));
    return fromAnthropicChatResponse(call.provider.name, req.model, await readJson(res, call.provider.name));
  },

  async chatStream(req, call) {
    const res = await post(call, toAnthropicChatBody(req, true));
    if (!res.body) throw emptyStream(call.provider.name);
    return decodeSse(res.body).pipeThrough(anthropicChatStreamTranslator(call.provider.name, req.model));
  },

  async countTokens(req, call) {
    const res = await post(call, toAnthropicCountBody(req), '/messages/count_tokens');
    return fromAnthropicCount(call.provider.name, req, await readJson(res, call.provider.name));
  },
};
