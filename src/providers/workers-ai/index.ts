import { decodeSse } from '../../streams/decode-sse';
import { fromOpenAIChatResponse, toOpenAIChatBody } from '../openai/chat';
import { openAIChatStreamTranslator } from '../openai/chat-stream';
import { fromOpenAIEmbeddingResponse, toOpenAIEmbeddingBody } from '../openai/embed';
import { readJson } from '../read-json';
import type { ProviderAdapter, ProviderCall } from '../types';
import { emptyStream } from '../upstream-errors';
import { upstreamFetch } from '../upstream-fetch';
import { aiBinding, runWithDeadline, type AiLike } from './ai-binding';
import { fromWorkersAIResult } from './binding-chat';
import { responseAsStream, workersAIStreamTranslator } from './binding-stream';
import { refuseReasoning, toWorkersAIInputs } from './convert';
import { fromWorkersAIEmbedding, toWorkersAIEmbeddingInputs } from './embed';
import { mapWorkersAIBindingError, mapWorkersAIError } from './map-error';
import { restBaseUrl, restHeaders } from './rest';

// Two ways in: the Worker's `AI` binding (no key, no network hop) when it has one, else the REST
// API's OpenAI-compatible endpoints, which reuse the OpenAI translators.

function run(call: ProviderCall, ai: AiLike, model: string, inputs: object): Promise<unknown> {
  return runWithDeadline(call, ai, model, inputs, (err) => mapWorkersAIBindingError(call.provider.name, err));
}

function post(call: ProviderCall, path: string, body: Record<string, unknown>): Promise<Response> {
  const { provider } = call;
  const headers = restHeaders(call);
  return upstreamFetch(
    call,
    `${restBaseUrl(call)}${path}`,
    { method: 'POST', headers, body: JSON.stringify(body) },
    (status, text) => mapWorkersAIError(provider.name, status, text),
  );
}

export const workersAIAdapter: ProviderAdapter = {
  async chat(req, call) {
    const ai = aiBinding(call);
    const ctx = { provider: call.provider.name, requestId: call.requestId };
    if (ai) return fromWorkersAIResult(ctx, req, await run(call, ai, req.model, toWorkersAIInputs(req, false, call.provider.name)));
    refuseReasoning(req, call.provider.name);
    const res = await post(call, '/chat/completions', toOpenAIChatBody(req, false));
    return fromOpenAIChatResponse(call.provider.name, await readJson(res, call.provider.name));
  },

  async chatStream(req, call) {
    const ai = aiBinding(call);
    const { name } = call.provider;
    if (ai) {
      const result = await run(call, ai, req.model, toWorkersAIInputs(req, true, call.provider.name));
      if (result instanceof ReadableStream) {
        return workersAIStreamTranslator({ provider: name, model: req.model, requestId: call.requestId })(decodeSse(result as ReadableStream<Uint8Array>));
      }
      return responseAsStream(fromWorkersAIResult({ provider: name, requestId: call.requestId }, req, result));
    }
    refuseReasoning(req, name);
    const res = await post(call, '/chat/completions', toOpenAIChatBody(req, true));
    if (!res.body) throw emptyStream(name);
    return openAIChatStreamTranslator(name)(decodeSse(res.body));
  },

  async embed(req, call) {
    const ai = aiBinding(call);
    if (ai) return fromWorkersAIEmbedding(call.provider.name, req.model, await run(call, ai, req.model, toWorkersAIEmbeddingInputs(req)));
    const res = await post(call, '/embeddings', toOpenAIEmbeddingBody(req));
    return fromOpenAIEmbeddingResponse(call.provider.name, await readJson(res, call.provider.name));
  },
};
