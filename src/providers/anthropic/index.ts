import { decodeSse } from '../../streams/decode-sse';
import { readJson } from '../read-json';
import type { ProviderAdapter, ProviderCall } from '../types';
import { emptyStream } from '../upstream-errors';
import { upstreamFetch } from '../upstream-fetch';
import type { ChatRequest } from '../../types/chat';
import { answerToolOf, fromAnthropicChatResponse, toAnthropicChatBody } from './chat';
import { anthropicChatStreamTranslator } from './chat-stream';
import { fromAnthropicCount, toAnthropicCountBody } from './count-tokens';
import { mapAnthropicError } from './map-error';

export const ANTHROPIC_DEFAULT_BASE_URL = 'https://api.anthropic.com/v1';
const ANTHROPIC_VERSION = '2023-06-01';

/**
 * extra_headers may pin another API version. `anthropic-beta` joins the operator's flags (from
 * extra_headers) with the client's (`ChatRequest.betas`, from its own anthropic-beta header).
 */
function headers(call: ProviderCall, betas: readonly string[] | undefined): Headers {
  const h = new Headers(call.provider.extraHeaders);
  h.set('content-type', 'application/json');
  if (!h.has('anthropic-version')) h.set('anthropic-version', ANTHROPIC_VERSION);
  const flags = new Set([...(h.get('anthropic-beta')?.split(',') ?? []), ...(betas ?? [])].map((f) => f.trim()).filter(Boolean));
  if (flags.size > 0) h.set('anthropic-beta', [...flags].join(','));
  if (call.key?.value) h.set('x-api-key', call.key.value);
  return h;
}

function post(call: ProviderCall, req: Pick<ChatRequest, 'betas'>, body: Record<string, unknown>, path = '/messages'): Promise<Response> {
  const { provider } = call;
  return upstreamFetch(
    call,
    `${provider.baseUrl}${path}`,
    { method: 'POST', headers: headers(call, req.betas), body: JSON.stringify(body) },
    (status, text) => mapAnthropicError(provider.name, status, text),
  );
}

/** Anthropic's Messages API and its token counter. It has no embeddings endpoint, so `embed` is left out. */
export const anthropicAdapter: ProviderAdapter = {
  async chat(req, call) {
    const res = await post(call, req, toAnthropicChatBody(req, false));
    return fromAnthropicChatResponse(call.provider.name, req.model, await readJson(res, call.provider.name), answerToolOf(req));
  },

  async chatStream(req, call) {
    const res = await post(call, req, toAnthropicChatBody(req, true));
    if (!res.body) throw emptyStream(call.provider.name);
    return anthropicChatStreamTranslator(call.provider.name, req.model, answerToolOf(req))(decodeSse(res.body));
  },

  async countTokens(req, call) {
    const res = await post(call, req, toAnthropicCountBody(req), '/messages/count_tokens');
    return fromAnthropicCount(call.provider.name, req, await readJson(res, call.provider.name));
  },
};
