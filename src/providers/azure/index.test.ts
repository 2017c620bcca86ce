import { describe, expect, it } from 'vitest';
import recordedEmbedding from '../../../../shared/fixtures/providers/openai/openai-embedding.json?raw';
import recordedJson from '../../../../shared/fixtures/providers/openai/openai-text.json?raw';
import recordedChunks from '../../../../shared/fixtures/providers/openai/openai-text.chunks.txt?raw';
import { GatewayError } from '../../errors/gateway-error';
import type { ChatRequest, StreamEvent } from '../../types/chat';
import { openAISse, trickle } from '../recorded-stream.test-support';
import { stubFetch } from '../stub-fetch.test-support';
import type { ProviderCall, ResolvedProvider } from '../types';
import { azureAdapter } from '.';

const provider = {
  name: 'azure',
  kind: { adapter: azureAdapter },
  baseUrl: 'https://fallback-resource.openai.azure.com',
  keys: [],
  timeoutMs: 5_000,
  extraHeaders: {},
} as unknown as ResolvedProvider;

const callWith = (settings: Record<string, unknown>): ProviderCall => ({
  provider,
  key: { name: 'eastus', value: 'azure-test-key', settings },
  requestId: 'req-1',
  env: {} as Cloudflare.Env,
});

const call = callWith({ endpoint: 'https://heimdall-eastus.openai.azure.com/', deployments: { 'gpt-4.1-nano': 'nano-prod', 'text-embedding-3-small': 'embed-small' }, api_version: '2025-01-01-preview' });

const request = (over: Partial<Omit<ChatRequest, 'kind'>> = {}): ChatRequest => ({
  kind: 'chat',
  provider: 'azure',
  model: 'gpt-4.1-nano',
  messages: [{ role: 'user', content: 'Invent a new holiday and describe its traditions.' }],
  stream: false,
  includeUsage: false,
  fallbacks: [],
  params: { temperature: 0.5, max_completion_tokens: 400 },
  ...over,
});

// What Azure sends before the first OpenAI chunk: the prompt's content-filter verdict, nothing else.
const promptFilterChunk = JSON.stringify({
  choices: [],
  created: 0,
  id: '',
  model: '',
  object: '',
  prompt_filter_results: [
    {
      prompt_index: 0,
      content_filter_results: {
        hate: { filtered: false, severity: 'safe' },
        self_harm: { filtered: false, severity: 'safe' },
        sexual: { filtered: false, severity: 'safe' },
        violence: { filtered: false, severity: 'safe' },
      },
    },
  ],
});

describe('azure adapter: chat', () => {
  it('calls the deployment URL with api-key and api-version, without model in the body', async () => {
    const seen = stubFetch(() => new Response(recordedJson, { headers: { 'content-type': 'application/json' } }));
    const res = await azureAdapter.chat(request(), call);

    const url = new URL(seen[0]!.url);
    expect(url.origin + url.pathname).toBe('https://heimdall-eastus.openai.azure.com/openai/deployments/nano-prod/chat/completions');
    expect(url.searchParams.get('api-version')).toBe('2025-01-01-preview');
    expect(seen[0]!.headers.get('api-key')).toBe('azure-test-key');
    expect(seen[0]!.headers.get('authorization')).toBeNull();
    expect(await seen[0]!.json()).toEqual({ messages: [{ role: 'user', content: 'Invent a new holiday and describe its traditions.' }], temperature: 0.5, max_completion_tokens: 400 });

    const wire = JSON.parse(recordedJson) as { choices: [{ message: { content: string } }] };
    expect(res).toMatchObject({
      id: 'chatcmpl-D8Z5f52zQqikDBEKQMQoYcWMcWPeU',
      model: 'gpt-4.1-nano-2025-04-14',
      provider: 'azure',
      choices: [{ index: 0, message: { role: 'assistant', content: wire.choices[0].message.content }, finishReason: { unified: 'stop', raw: 'stop' } }],
      usage: { prompt_tokens: 16, completion_tokens: 363, total_tokens: 379 },
    });
  });

  it('defaults the API version, uses the model as deployment and the base URL as endpoint', async () => {
    const seen = stubFetch(() => new Response(recordedJson));
    await azureAdapter.chat(request({ model: 'gpt-4o' }), callWith({}));
    expect(seen[0]!.url).toBe('https://fallback-resource.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21');
  });

  it('rejects an azure_key_config of the wrong shape before calling upstream', async () => {
    const seen = stubFetch(() => new Response(recordedJson));
    const err = await azureAdapter.chat(request(), callWith({ deployments: ['nano-prod'] })).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 500, code: 'invalid_provider_config' });
    expect(seen).toHaveLength(0);
  });
});

describe('azure adapter: stream', () => {
  it.each([7, 41, 4096])('skips the prompt-filter chunk and translates the recorded chunks (split every %i bytes)', async (splitEvery) => {
    const seen = stubFetch(() => new Response(trickle(openAISse(`${promptFilterChunk}\n${recordedChunks}`), splitEvery), { headers: { 'content-type': 'text/event-stream' } }));
    const stream = await azureAdapter.chatStream(request({ stream: true }), call);
    const events: StreamEvent[] = [];
    for await (const batch of stream) events.push(...batch);

    expect(await seen[0]!.json()).toMatchObject({ stream: true, stream_options: { include_usage: true } });
    expect(events[0]).toMatchObject({ type: 'start', id: 'chatcmpl-D8Z5oo6uDh67AD85p73ksdT1KxhE0' });
    const expected = recordedChunks
      .split('\n')
      .filter(Boolean)
      .map((l) => (JSON.parse(l) as { choices: { delta?: { content?: string } }[] }).choices[0]?.delta?.content ?? '')
      .join('');
    expect(events.flatMap((e) => (e.type === 'text-delta' ? [e.text] : [])).join('')).toBe(expected);
    expect(events.filter((e) => e.type === 'finish')).toEqual([
      { type: 'finish', index: 0, finishReason: { unified: 'stop', raw: 'stop' }, usage: expect.objectContaining({ prompt_tokens: 16, completion_tokens: 300, total_tokens: 316 }) },
    ]);
    expect(events.some((e) => e.type === 'error')).toBe(false);
  });
});

describe('azure adapter: embed', () => {
  it('posts input and dimensions to the embeddings deployment and reads OpenAI’s embedding shape', async () => {
    const seen = stubFetch(() => new Response(recordedEmbedding, { headers: { 'content-type': 'application/json' } }));
    const res = await azureAdapter.embed!({ kind: 'embedding', fallbacks: [], encodingFormat: 'float', provider: 'azure', model: 'text-embedding-3-small', input: ['sunny day at the beach', 'rainy day in the city'], params: { dimensions: 5 } }, call);
    expect(seen[0]!.url).toBe('https://heimdall-eastus.openai.azure.com/openai/deployments/embed-small/embeddings?api-version=2025-01-01-preview');
    expect(seen[0]!.headers.get('api-key')).toBe('azure-test-key');
    expect(await seen[0]!.json()).toEqual({ input: ['sunny day at the beach', 'rainy day in the city'], encoding_format: 'float', dimensions: 5 });
    expect(res).toEqual({
      kind: 'embedding',
      model: 'text-embedding-3-small',
      provider: 'azure',
      embeddings: [
        [0.0057293195, -0.012727811, 0.020042092, -0.013437585, 0.022833068],
        [-0.037104916, -0.05178114, -0.008340587, 0.001164541, -0.0035253682],
      ],
      usage: { prompt_tokens: 12, total_tokens: 12 },
    });
  });
});

describe('azure adapter: errors', () => {
  it.each([
    [404, { error: { code: 'DeploymentNotFound', message: 'The API deployment for this resource does not exist. If you created the deployment within the last 5 minutes, please wait a moment and try again.' } }, 'not_found_error', 'DeploymentNotFound', false],
    [401, { error: { code: '401', message: 'Access denied due to invalid subscription key or wrong API endpoint. Make sure to provide a valid key for an active subscription and use a correct regional API endpoint for your resource.' } }, 'authentication_error', '401', false],
    [429, { error: { code: '429', message: 'Requests to the ChatCompletions_Create Operation under Azure OpenAI API version 2024-10-21 have exceeded token rate limit of your current OpenAI S0 pricing tier. Please retry after 6 seconds.' } }, 'rate_limit_error', '429', true],
    [400, { error: { message: "The response was filtered due to the prompt triggering Azure OpenAI's content management policy.", type: null, param: 'prompt', code: 'content_filter', status: 400 } }, 'invalid_request_error', 'content_filter', false],
  ] as const)('maps a %i answer', async (status, body, type, code, retryable) => {
    stubFetch(() => Response.json(body, { status }));
    const err = await azureAdapter.chat(request(), call).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GatewayError);
    expect(err).toMatchObject({ status, type, code, message: body.error.message, retryable, provider: 'azure' });
  });
});

describe('azure adapter: reasoning', () => {
  it('asks with reasoning_effort and reads reasoning_content back, as OpenAI-compatible servers send it', async () => {
    const answer = { ...JSON.parse(recordedJson), choices: [{ index: 0, message: { role: 'assistant', content: 'Four.', reasoning_content: 'Two and two.' }, finish_reason: 'stop' }] };
    const seen = stubFetch(() => new Response(JSON.stringify(answer), { status: 200, headers: { 'content-type': 'application/json' } }));
    // A reasoning model: OpenAI's non-reasoning ones (gpt-4.1-nano) get no reasoning_effort.
    const res = await azureAdapter.chat(request({ model: 'o4-mini', reasoning: { effort: 'low' } }), call);
    const body = (await seen[0]!.json()) as Record<string, unknown>;
    expect(body.reasoning_effort).toBe('low');
    expect(res.choices[0]!.message.reasoning).toEqual([{ text: 'Two and two.' }]);
  });
});
