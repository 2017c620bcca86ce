import { describe, expect, it } from 'vitest';
import textChunks from '../../../../shared/fixtures/providers/google/google-text.chunks.txt?raw';
import toolBody from '../../../../shared/fixtures/providers/google/google-tool-call.json?raw';
import type { ChatRequest, StreamEvent } from '../../types/chat';
import { trickle } from '../recorded-stream.test-support';
import { stubFetch } from '../stub-fetch.test-support';
import type { ProviderCall } from '../types';
import { GEMINI_DEFAULT_BASE_URL, geminiAdapter } from './index';

const BASE = GEMINI_DEFAULT_BASE_URL;

const call: ProviderCall = {
  provider: {
    name: 'gemini',
    kind: { adapter: geminiAdapter, defaultBaseUrl: BASE },
    baseUrl: BASE,
    keys: [],
    timeoutMs: 5000,
    extraHeaders: { 'x-extra': 'yes' },
    retry: { maxRetries: 0, backoffInitialMs: 0, backoffMaxMs: 0 },
    streamIdleTimeoutMs: 5000,
    fallbacks: [],
  },
  key: { name: 'k1', value: 'AIza-test-key', settings: {} },
  requestId: 'req-42',
  env: {} as Cloudflare.Env,
};

const chatRequest = (stream: boolean): ChatRequest => ({
  kind: 'chat',
  provider: 'gemini',
  model: 'gemini-3-pro-preview',
  messages: [
    { role: 'system', content: 'Be brief.' },
    { role: 'user', content: 'What is the weather in San Francisco?' },
  ],
  stream,
  includeUsage: true,
  fallbacks: [],
  params: { temperature: 0, tools: [{ type: 'function', function: { name: 'weather', parameters: { type: 'object', properties: { location: { type: 'string' } } } } }] },
});

/** The recorded chunks as Google's SSE bytes (CRLF framing), in reads that cut through events. */
function sseResponse(payloads: string): Response {
  const wire = payloads
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => `data: ${l}\r\n\r\n`)
    .join('');
  return new Response(trickle(wire, 101), { status: 200, headers: { 'content-type': 'text/event-stream' } });
}

describe('geminiAdapter over HTTP', () => {
  it('chat: posts to :generateContent with the key header and translates the answer', async () => {
    const seen = stubFetch(() => new Response(toolBody, { status: 200, headers: { 'content-type': 'application/json' } }));
    const res = await geminiAdapter.chat(chatRequest(false), call);
    expect(seen).toHaveLength(1);
    expect(seen[0]?.url).toBe('https://generativelanguage.googleapis.com/v1beta/models/gemini-3-pro-preview:generateContent');
    expect(seen[0]?.headers.get('x-goog-api-key')).toBe('AIza-test-key');
    expect(seen[0]?.headers.get('authorization')).toBeNull();
    expect(seen[0]?.headers.get('x-extra')).toBe('yes');
    expect(seen[0]?.headers.get('content-type')).toBe('application/json');
    expect(await seen[0]?.json()).toEqual({
      contents: [{ role: 'user', parts: [{ text: 'What is the weather in San Francisco?' }] }],
      systemInstruction: { parts: [{ text: 'Be brief.' }] },
      generationConfig: { temperature: 0 },
      tools: [{ functionDeclarations: [{ name: 'weather', parameters: { type: 'object', properties: { location: { type: 'string' } } } }] }],
    });
    expect(res.provider).toBe('gemini');
    expect(res.choices[0]?.message.tool_calls).toEqual([
      { id: 'call_0', type: 'function', function: { name: 'weather', arguments: '{"location":"San Francisco"}' }, signature: JSON.parse(toolBody).candidates[0].content.parts[0].thoughtSignature },
    ]);
    expect(res.choices[0]?.finishReason).toEqual({ unified: 'tool_calls', raw: 'STOP' });
  });

  it('chatStream: posts to :streamGenerateContent?alt=sse and translates the recorded stream', async () => {
    const seen = stubFetch(() => sseResponse(textChunks));
    const stream = await geminiAdapter.chatStream(chatRequest(true), call);
    const events: StreamEvent[] = [];
    for await (const batch of stream) events.push(...batch);
    expect(seen[0]?.url).toBe(`${BASE}/models/gemini-3-pro-preview:streamGenerateContent?alt=sse`);
    expect(seen[0]?.headers.get('x-goog-api-key')).toBe('AIza-test-key');
    expect(events[0]).toMatchObject({ type: 'start', id: 'bH6LaZW8Fp_3nsEPqtaSwQ4' });
    expect(events.flatMap((e) => (e.type === 'text-delta' ? [e.text] : [])).join('')).toBe('There are **3** "r"s in strawberry.\n\nst**r**awbe**rr**y');
    expect(events.at(-1)).toMatchObject({ type: 'finish', finishReason: { unified: 'stop', raw: 'STOP' }, usage: { prompt_tokens: 9, completion_tokens: 208, total_tokens: 217 } });
  });

  it('embed: batches inputs to :batchEmbedContents and returns vectors in order', async () => {
    const seen = stubFetch(() => Response.json({ embeddings: [{ values: [0.1, 0.2] }, { values: [0.3, 0.4] }] }));
    const res = await geminiAdapter.embed!({ kind: 'embedding', fallbacks: [], encodingFormat: 'float', provider: 'gemini', model: 'models/gemini-embedding-001', input: ['a', 'b'], params: { dimensions: 2, user: 'x' } }, call);
    expect(seen[0]?.url).toBe(`${BASE}/models/gemini-embedding-001:batchEmbedContents`);
    expect(await seen[0]?.json()).toEqual({
      requests: [
        { model: 'models/gemini-embedding-001', content: { parts: [{ text: 'a' }] }, outputDimensionality: 2 },
        { model: 'models/gemini-embedding-001', content: { parts: [{ text: 'b' }] }, outputDimensionality: 2 },
      ],
    });
    expect(res).toEqual({ kind: 'embedding', model: 'models/gemini-embedding-001', provider: 'gemini', embeddings: [[0.1, 0.2], [0.3, 0.4]] });
    expect(res.usage).toBeUndefined();
  });

  it('maps an upstream 429 to a retryable rate_limit_error before any stream starts', async () => {
    stubFetch(() =>
      Response.json(
        { error: { code: 429, message: 'Resource has been exhausted (e.g. check quota).', status: 'RESOURCE_EXHAUSTED' } },
        { status: 429 },
      ),
    );
    await expect(geminiAdapter.chatStream(chatRequest(true), call)).rejects.toMatchObject({
      status: 429,
      type: 'rate_limit_error',
      code: 'RESOURCE_EXHAUSTED',
      message: 'Resource has been exhausted (e.g. check quota).',
      retryable: true,
      provider: 'gemini',
    });
  });

  it('throws content_blocked when the prompt itself was blocked', async () => {
    stubFetch(() => Response.json({ promptFeedback: { blockReason: 'BLOCKLIST' }, usageMetadata: { promptTokenCount: 3, totalTokenCount: 3 } }));
    await expect(geminiAdapter.chat(chatRequest(false), call)).rejects.toMatchObject({ status: 400, type: 'invalid_request_error', code: 'content_blocked' });
  });
});
