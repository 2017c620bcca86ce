import { describe, expect, it } from 'vitest';
import recordedEmbedding from '../../../../shared/fixtures/providers/openai/openai-embedding.json?raw';
import recordedJson from '../../../../shared/fixtures/providers/openai/openai-text.json?raw';
import recordedChunks from '../../../../shared/fixtures/providers/openai/openai-text.chunks.txt?raw';
import { GatewayError } from '../../errors/gateway-error';
import type { ChatRequest, StreamEvent } from '../../types/chat';
import { openAISse, trickle } from '../recorded-stream.test-support';
import { stubFetch } from '../stub-fetch.test-support';
import type { ProviderCall, ResolvedProvider } from '../types';
import { workersAIAdapter } from '.';

const provider = {
  name: 'workers-ai',
  kind: { adapter: workersAIAdapter, keyOptional: true },
  baseUrl: 'https://api.cloudflare.com/client/v4',
  keys: [],
  timeoutMs: 5_000,
  extraHeaders: {},
} as unknown as ResolvedProvider;

// No `AI` in env: the REST API is used.
const call: ProviderCall = {
  provider,
  key: { name: 'cf', value: 'cf-api-token', settings: { account_id: '023e105f4ecef8ad9ca31a8372d0c353' } },
  requestId: 'req-9',
  env: {} as Cloudflare.Env,
};

const base = 'https://api.cloudflare.com/client/v4/accounts/023e105f4ecef8ad9ca31a8372d0c353/ai/v1';

const request = (over: Partial<Omit<ChatRequest, 'kind'>> = {}): ChatRequest => ({
  kind: 'chat',
  provider: 'workers-ai',
  model: '@cf/meta/llama-3.1-8b-instruct',
  messages: [{ role: 'user', content: 'Invent a new holiday and describe its traditions.' }],
  stream: false,
  includeUsage: false,
  fallbacks: [],
  params: { max_tokens: 300 },
  ...over,
});

describe('workers-ai REST (no binding)', () => {
  it('posts OpenAI’s body to the account’s chat/completions with a bearer token', async () => {
    const seen = stubFetch(() => new Response(recordedJson, { headers: { 'content-type': 'application/json' } }));
    const res = await workersAIAdapter.chat(request(), call);
    expect(seen[0]!.url).toBe(`${base}/chat/completions`);
    expect(seen[0]!.headers.get('authorization')).toBe('Bearer cf-api-token');
    expect(await seen[0]!.json()).toEqual({ model: '@cf/meta/llama-3.1-8b-instruct', messages: [{ role: 'user', content: 'Invent a new holiday and describe its traditions.' }], max_tokens: 300 });
    expect(res).toMatchObject({
      id: 'chatcmpl-D8Z5f52zQqikDBEKQMQoYcWMcWPeU',
      provider: 'workers-ai',
      choices: [{ finishReason: { unified: 'stop', raw: 'stop' } }],
      usage: { prompt_tokens: 16, completion_tokens: 363, total_tokens: 379 },
    });
    expect(res.choices[0]!.message.content).toMatch(/^\*\*Holiday Name:\*\* Galaxy Day/);
  });

  it('streams through the OpenAI translator', async () => {
    stubFetch(() => new Response(trickle(openAISse(recordedChunks), 53), { headers: { 'content-type': 'text/event-stream' } }));
    const events: StreamEvent[] = [];
    for await (const batch of await workersAIAdapter.chatStream(request({ stream: true }), call)) events.push(...batch);
    const expected = recordedChunks
      .split('\n')
      .filter(Boolean)
      .map((l) => (JSON.parse(l) as { choices: { delta?: { content?: string } }[] }).choices[0]?.delta?.content ?? '')
      .join('');
    expect(events[0]).toMatchObject({ type: 'start', id: 'chatcmpl-D8Z5oo6uDh67AD85p73ksdT1KxhE0' });
    expect(events.flatMap((e) => (e.type === 'text-delta' ? [e.text] : [])).join('')).toBe(expected);
    expect(events.at(-1)).toMatchObject({ type: 'finish', finishReason: { unified: 'stop' }, usage: { prompt_tokens: 16, completion_tokens: 300, total_tokens: 316 } });
  });

  it('embeds through /embeddings', async () => {
    const seen = stubFetch(() => new Response(recordedEmbedding, { headers: { 'content-type': 'application/json' } }));
    const res = await workersAIAdapter.embed!({ kind: 'embedding', fallbacks: [], encodingFormat: 'float', provider: 'workers-ai', model: '@cf/baai/bge-small-en-v1.5', input: ['a', 'b'], params: {} }, call);
    expect(seen[0]!.url).toBe(`${base}/embeddings`);
    expect(await seen[0]!.json()).toEqual({ model: '@cf/baai/bge-small-en-v1.5', input: ['a', 'b'], encoding_format: 'float' });
    expect(res).toEqual({
      kind: 'embedding',
      model: 'text-embedding-3-small', // as the recorded body reports it
      provider: 'workers-ai',
      embeddings: [
        [0.0057293195, -0.012727811, 0.020042092, -0.013437585, 0.022833068],
        [-0.037104916, -0.05178114, -0.008340587, 0.001164541, -0.0035253682],
      ],
      usage: { prompt_tokens: 12, total_tokens: 12 },
    });
  });

  it('takes a base URL that names the account as complete', async () => {
    const seen = stubFetch(() => new Response(recordedJson));
    const full = { ...call, provider: { ...provider, baseUrl: 'https://gateway.ai.cloudflare.com/v1/023e105f4ecef8ad9ca31a8372d0c353/heimdall/workers-ai/v1' }, key: { name: 'cf', value: 't', settings: {} } };
    await workersAIAdapter.chat(request(), full);
    expect(seen[0]!.url).toBe('https://gateway.ai.cloudflare.com/v1/023e105f4ecef8ad9ca31a8372d0c353/heimdall/workers-ai/v1/chat/completions');
  });

  it('refuses without an account id or a token, before calling upstream', async () => {
    const seen = stubFetch(() => new Response(recordedJson));
    await expect(workersAIAdapter.chat(request(), { ...call, key: { name: 'cf', value: 't', settings: {} } })).rejects.toMatchObject({ status: 500, code: 'invalid_provider_config' });
    await expect(workersAIAdapter.chat(request(), { ...call, key: undefined })).rejects.toMatchObject({ status: 401, code: 'missing_provider_key' });
    expect(seen).toHaveLength(0);
  });

  it.each([
    [401, { success: false, errors: [{ code: 10000, message: 'Authentication error' }], messages: [], result: null }, 'authentication_error', '10000', 'Authentication error', false],
    [400, { success: false, errors: [{ code: 5007, message: 'No such model @cf/meta/llama-9-nope or task' }], messages: [], result: null }, 'invalid_request_error', '5007', 'No such model @cf/meta/llama-9-nope or task', false],
    [429, { success: false, errors: [{ code: 3040, message: 'Capacity temporarily exceeded, please try again.' }], messages: [], result: null }, 'rate_limit_error', '3040', 'Capacity temporarily exceeded, please try again.', true],
  ] as const)('maps the Cloudflare error envelope of a %i', async (status, body, type, code, message, retryable) => {
    stubFetch(() => Response.json(body, { status }));
    const err = await workersAIAdapter.chat(request(), call).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GatewayError);
    expect(err).toMatchObject({ status, type, code, message, retryable, provider: 'workers-ai' });
  });
});
