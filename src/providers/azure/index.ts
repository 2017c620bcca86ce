import { decodeSse } from '../../streams/decode-sse';
import { fromOpenAIChatResponse, toOpenAIChatBody } from '../openai/chat';
import { openAIChatStreamTranslator } from '../openai/chat-stream';
import { fromOpenAIEmbeddingResponse, toOpenAIEmbeddingBody } from '../openai/embed';
import { mapOpenAIError } from '../openai/map-error';
import { readJson } from '../read-json';
import type { ProviderAdapter, ProviderCall } from '../types';
import { emptyStream } from '../upstream-errors';
import { upstreamFetch } from '../upstream-fetch';
import { azureTarget, azureUrl } from './settings';
import { skipPromptFilterChunks } from './skip-prompt-filter-chunks';

// Azure OpenAI speaks OpenAI's chat format; only the URL (resource, deployment, api-version) and
// the `api-key` header differ, and both stay here.

function headers(call: ProviderCall): Headers {
  const h = new Headers(call.provider.extraHeaders);
  h.set('content-type', 'application/json');
  if (call.key?.value) h.set('api-key', call.key.value);
  return h;
}

function post(call: ProviderCall, url: string, body: Record<string, unknown>): Promise<Response> {
  const { provider } = call;
  return upstreamFetch(
    call,
    url,
    { method: 'POST', headers: headers(call), body: JSON.stringify(body) },
    (status, text) => mapOpenAIError(provider.name, status, text),
  );
}

/** The deployment in the URL decides the model; Azure ignores a `model` in the body, so it is left out. */
function withoutModel(body: Record<string, unknown>): Record<string, unknown> {
  const { model: _model, ...rest } = body;
  return rest;
}

export const azureAdapter: ProviderAdapter = {
  async chat(req, call) {
    const res = await post(call, azureUrl(azureTarget(call, req.model), 'chat/completions'), withoutModel(toOpenAIChatBody(req, false)));
    return fromOpenAIChatResponse(call.provider.name, await readJson(res, call.provider.name));
  },

  async chatStream(req, call) {
    const res = await post(call, azureUrl(azureTarget(call, req.model), 'chat/completions'), withoutModel(toOpenAIChatBody(req, true)));
    if (!res.body) throw emptyStream(call.provider.name);
    return openAIChatStreamTranslator(call.provider.name)(decodeSse(res.body).pipeThrough(skipPromptFilterChunks()));
  },

  async embed(req, call) {
    const res = await post(call, azureUrl(azureTarget(call, req.model), 'embeddings'), withoutModel(toOpenAIEmbeddingBody(req)));
    return fromOpenAIEmbeddingResponse(call.provider.name, await readJson(res, call.provider.name));
  },
};
