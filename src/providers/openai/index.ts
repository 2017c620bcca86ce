import type { ChatRequest } from '../../types/chat';
import { decodeSse } from '../../streams/decode-sse';
import { readJson } from '../read-json';
import type { ProviderAdapter, ProviderCall } from '../types';
import { emptyStream } from '../upstream-errors';
import { upstreamFetch } from '../upstream-fetch';
import { fromOpenAIChatResponse, toOpenAIChatBody } from './chat';
import { OPENAI_COMPAT, type OpenAICompat } from './compat';
import { openAIChatStreamTranslator } from './chat-stream';
import { fromOpenAIEmbeddingResponse, toOpenAIEmbeddingBody } from './embed';
import { mapOpenAIError } from './map-error';

function headers(call: ProviderCall): Headers {
  const h = new Headers(call.provider.extraHeaders);
  h.set('content-type', 'application/json');
  if (call.key?.value) h.set('authorization', `Bearer ${call.key.value}`);
  return h;
}

function post(call: ProviderCall, body: Record<string, unknown>, path = '/chat/completions'): Promise<Response> {
  const { provider } = call;
  return upstreamFetch(
    call,
    `${provider.baseUrl}${path}`,
    { method: 'POST', headers: headers(call), body: JSON.stringify(body) },
    (status, text) => mapOpenAIError(provider.name, status, text),
  );
}

/** Legacy prompts go to the native completions endpoint; everything else is chat. */
const endpoint = (req: ChatRequest) => (req.prompt === undefined ? '/chat/completions' : '/completions');

/** A server that speaks OpenAI's chat API; `compat` says how it differs (see compat.ts). */
export function openAICompatibleAdapter(compat: OpenAICompat): ProviderAdapter {
  return {
    async chat(req, call) {
      const res = await post(call, toOpenAIChatBody(req, false, compat, call.provider.name), endpoint(req));
      return fromOpenAIChatResponse(call.provider.name, await readJson(res, call.provider.name));
    },

    async embed(req, call) {
      const res = await post(call, toOpenAIEmbeddingBody(req), '/embeddings');
      return fromOpenAIEmbeddingResponse(call.provider.name, await readJson(res, call.provider.name));
    },

    async chatStream(req, call) {
      const res = await post(call, toOpenAIChatBody(req, true, compat, call.provider.name), endpoint(req));
      if (!res.body) throw emptyStream(call.provider.name);
      return openAIChatStreamTranslator(call.provider.name)(decodeSse(res.body));
    },
  };
}

/** OpenAI itself, and servers that take its reasoning words as they are (vllm, together, …). */
export const openAIAdapter: ProviderAdapter = openAICompatibleAdapter(OPENAI_COMPAT);
