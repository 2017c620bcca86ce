import { decodeSse } from '../../streams/decode-sse';
import { readJson } from '../read-json';
import type { ProviderAdapter, ProviderCall } from '../types';
import { invalidUpstream } from '../upstream-errors';
import { upstreamFetch } from '../upstream-fetch';
import { geminiHeaders } from './auth';
import { toGeminiChatBody } from './chat-request';
import { fromGeminiChatResponse, type GeminiResponseContext } from './chat-response';
import { geminiChatStreamTranslator } from './chat-stream';
import { fromGeminiCount, toGeminiCountBody } from './count-tokens';
import { fromGeminiEmbedResponse, toGeminiEmbedBody } from './embed';
import { mapGeminiError } from './map-error';
import { geminiUrl, type GeminiMethod } from './urls';

function post(call: ProviderCall, model: string, method: GeminiMethod, body: Record<string, unknown>): Promise<Response> {
  const { provider } = call;
  return upstreamFetch(
    call,
    geminiUrl(provider.baseUrl, model, method),
    { method: 'POST', headers: geminiHeaders(call), body: JSON.stringify(body) },
    (status, text) => mapGeminiError(provider.name, status, text),
  );
}

export const GEMINI_DEFAULT_BASE_URL = 'https://generativelanguage.googleapis.com/v1beta';

const context = (model: string, call: ProviderCall): GeminiResponseContext => ({ provider: call.provider.name, model, requestId: call.requestId });

/** Google AI Studio's Generative Language API (Gemini): chat, streaming chat, embeddings and token counts. */
export const geminiAdapter: ProviderAdapter = {
  async chat(req, call) {
    const res = await post(call, req.model, 'generateContent', toGeminiChatBody(req));
    return fromGeminiChatResponse(context(req.model, call), await readJson(res, call.provider.name));
  },

  async chatStream(req, call) {
    const res = await post(call, req.model, 'streamGenerateContent', toGeminiChatBody(req));
    if (!res.body) throw invalidUpstream(call.provider.name, 'invalid_upstream_stream', 'sent an empty stream');
    return geminiChatStreamTranslator(context(req.model, call))(decodeSse(res.body));
  },

  async embed(req, call) {
    const res = await post(call, req.model, 'batchEmbedContents', toGeminiEmbedBody(req));
    return fromGeminiEmbedResponse(call.provider.name, req, await readJson(res, call.provider.name));
  },

  async countTokens(req, call) {
    const res = await post(call, req.model, 'countTokens', toGeminiCountBody(req));
    return fromGeminiCount(call.provider.name, req, await readJson(res, call.provider.name));
  },
};
