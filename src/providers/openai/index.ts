import { GatewayError } from '../../errors/gateway-error';
import { decodeSse } from '../../streams/decode-sse';
import type { ProviderAdapter, ProviderCall } from '../types';
import { upstreamFetch } from '../upstream-fetch';
import { fromOpenAIChatResponse, toOpenAIChatBody } from './chat';
import { openAIChatStreamTranslator } from './chat-stream';
import { mapOpenAIError } from './map-error';

function headers(call: ProviderCall): Headers {
  const h = new Headers(call.provider.extraHeaders);
  h.set('content-type', 'application/json');
  if (call.key?.value) h.set('authorization', `Bearer ${call.key.value}`);
  return h;
}

function post(call: ProviderCall, body: Record<string, unknown>): Promise<Response> {
  const { provider } = call;
  return upstreamFetch(
    provider,
    `${provider.baseUrl}/chat/completions`,
    { method: 'POST', headers: headers(call), body: JSON.stringify(body) },
    (status, text) => mapOpenAIError(provider.name, status, text),
  );
}

/** OpenAI and every server that speaks its chat API (groq, mistral, deepseek, vllm, …). */
export const openAIAdapter: ProviderAdapter = {
  async chat(req, call) {
    const res = await post(call, toOpenAIChatBody(req, false));
    let json: unknown;
    try {
      json = await res.json();
    } catch (err) {
      throw new GatewayError({ status: 502, type: 'upstream_error', code: 'invalid_upstream_response', message: `provider "${call.provider.name}" sent a body that is not JSON`, retryable: true, provider: call.provider.name, cause: err });
    }
    return fromOpenAIChatResponse(call.provider.name, json);
  },

  async chatStream(req, call) {
    const res = await post(call, toOpenAIChatBody(req, true));
    if (!res.body) {
      throw new GatewayError({ status: 502, type: 'upstream_error', message: `provider "${call.provider.name}" sent an empty stream`, retryable: true, provider: call.provider.name });
    }
    return decodeSse(res.body).pipeThrough(openAIChatStreamTranslator(call.provider.name));
  },
};
