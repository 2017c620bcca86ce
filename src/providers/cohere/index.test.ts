import { describe, expect, it } from 'vitest';
import recordedJson from '../../../../shared/fixtures/providers/cohere/cohere-text.json?raw';
import recordedChunks from '../../../../shared/fixtures/providers/cohere/cohere-text.chunks.txt?raw';
import { GatewayError } from '../../errors/gateway-error';
import type { ChatRequest, StreamEvent } from '../../types/chat';
import { stubFetch } from '../stub-fetch.test-support';
import type { ProviderCall, ResolvedProvider } from '../types';
import { cohereAdapter } from '.';
import { typedSse } from '../recorded-stream.test-support';

const provider = {
  name: 'cohere',
  kind: { adapter: cohereAdapter, defaultBaseUrl: 'https://api.cohere.com/v2' },
  baseUrl: 'https://api.cohere.com/v2',
  keys: [],
  timeoutMs: 5_000,
  extraHeaders: { 'x-client-name': 'heimdall' },
} as unknown as ResolvedProvider;

const call: ProviderCall = {
  provider,
  key: { name: 'main', value: 'co-test-key', settings: {} },
  requestId: 'req-1',
  env: {} as Cloudflare.Env,
};

const request = (over: Partial<Omit<ChatRequest, 'kind'>> = {}): ChatRequest => ({
  kind: 'chat',
  provider: 'cohere',
  model: 'command-a-03-2025',
  messages: [
    { role: 'developer', content: 'Answer briefly.' },
    { role: 'user', content: [{ type: 'text', text: 'What is the capital of France?' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } }] },
    { role: 'assistant', content: null, tool_calls: [{ id: 'get_capital_1', type: 'function', function: { name: 'get_capital', arguments: '{"country":"France"}' } }] },
    { role: 'tool', tool_call_id: 'get_capital_1', content: '{"capital":"Paris"}' },
  ],
  stream: false,
  includeUsage: false,
  fallbacks: [],
  params: {
    temperature: 0.3,
    top_p: 0.9,
    max_tokens: 100,
    stop: 'END',
    seed: 7,
    user: 'ignored',
    tools: [{ type: 'function', function: { name: 'get_capital', description: 'Capital of a country', parameters: { type: 'object', properties: { country: { type: 'string' } } } } }],
    tool_choice: 'required',
  },
  ...over,
});

describe('cohere adapter: chat', () => {
  it('posts the translated body to /chat with a bearer key and translates the recorded answer', async () => {
    const seen = stubFetch(() => new Response(recordedJson, { headers: { 'content-type': 'application/json' } }));
    const res = await cohereAdapter.chat(request(), call);

    expect(seen[0]!.url).toBe('https://api.cohere.com/v2/chat');
    expect(seen[0]!.headers.get('authorization')).toBe('Bearer co-test-key');
    expect(seen[0]!.headers.get('x-client-name')).toBe('heimdall');
    expect(await seen[0]!.json()).toEqual({
      model: 'command-a-03-2025',
      stream: false,
      messages: [
        { role: 'system', content: 'Answer briefly.' },
        { role: 'user', content: [{ type: 'text', text: 'What is the capital of France?' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } }] },
        { role: 'assistant', tool_calls: [{ id: 'get_capital_1', type: 'function', function: { name: 'get_capital', arguments: '{"country":"France"}' } }] },
        { role: 'tool', tool_call_id: 'get_capital_1', content: '{"capital":"Paris"}' },
      ],
      temperature: 0.3,
      p: 0.9,
      max_tokens: 100,
      stop_sequences: ['END'],
      seed: 7,
      tools: [{ type: 'function', function: { name: 'get_capital', description: 'Capital of a country', parameters: { type: 'object', properties: { country: { type: 'string' } } } } }],
      tool_choice: 'REQUIRED',
    });

    expect(res).toMatchObject({
      id: 'e7592632-1e3d-424f-b129-bd5f9f980f7b',
      model: 'command-a-03-2025',
      provider: 'cohere',
      choices: [{ index: 0, message: { role: 'assistant', content: 'The capital of France is Paris.' }, finishReason: { unified: 'stop', raw: 'COMPLETE' } }],
      usage: { prompt_tokens: 507, completion_tokens: 10, total_tokens: 517, prompt_tokens_details: { cached_tokens: 448 }, billed_units: { input_tokens: 12, output_tokens: 7 } },
    });
    expect(res.choices[0]!.message.tool_calls).toBeUndefined();
  });

  it('translates tool calls and the TOOL_CALL finish reason', async () => {
    stubFetch(() =>
      Response.json({
        id: '3ad7bd0b-27b3-4b1c-a0f7-cb5a1ef9a6b6',
        message: {
          role: 'assistant',
          tool_plan: 'I will look up the weather in Toronto.',
          tool_calls: [{ id: 'get_weather_1byjy32y4hvq', type: 'function', function: { name: 'get_weather', arguments: '{"location":"Toronto"}' } }],
        },
        finish_reason: 'TOOL_CALL',
        usage: { billed_units: { input_tokens: 37, output_tokens: 28 }, tokens: { input_tokens: 913, output_tokens: 81 } },
      }),
    );
    const res = await cohereAdapter.chat(request(), call);
    expect(res.choices[0]).toEqual({
      index: 0,
      message: { role: 'assistant', content: null, tool_calls: [{ id: 'get_weather_1byjy32y4hvq', type: 'function', function: { name: 'get_weather', arguments: '{"location":"Toronto"}' } }] },
      finishReason: { unified: 'tool_calls', raw: 'TOOL_CALL' },
    });
    expect(res.usage).toEqual({ prompt_tokens: 913, completion_tokens: 81, total_tokens: 994, billed_units: { input_tokens: 37, output_tokens: 28 } });
    expect(res.extra).toEqual({ tool_plan: 'I will look up the weather in Toronto.' });
  });

  it('keeps only the named tool for a named tool_choice and maps MAX_TOKENS to length', async () => {
    const seen = stubFetch(() =>
      Response.json({ id: 'x', message: { role: 'assistant', content: [{ type: 'text', text: 'The capital' }] }, finish_reason: 'MAX_TOKENS', usage: { tokens: { input_tokens: 5, output_tokens: 2 } } }),
    );
    const tools = [
      { type: 'function', function: { name: 'a', parameters: {} } },
      { type: 'function', function: { name: 'b', parameters: {} } },
    ];
    const res = await cohereAdapter.chat(request({ params: { tools, tool_choice: { type: 'function', function: { name: 'b' } }, response_format: { type: 'json_schema', json_schema: { name: 's', schema: { type: 'object' } } } } }), call);
    const body = (await seen[0]!.json()) as Record<string, unknown>;
    expect(body.tools).toEqual([{ type: 'function', function: { name: 'b', parameters: {} } }]);
    expect(body.tool_choice).toBe('REQUIRED');
    expect(body.response_format).toEqual({ type: 'json_object', json_schema: { type: 'object' } });
    expect(res.choices[0]!.finishReason).toEqual({ unified: 'length', raw: 'MAX_TOKENS' });
  });
});

describe('cohere adapter: stream', () => {
  it('streams the recorded events as canonical batches', async () => {
    const seen = stubFetch(() => new Response(typedSse(recordedChunks), { headers: { 'content-type': 'text/event-stream' } }));
    const stream = await cohereAdapter.chatStream(request({ stream: true }), call);
    const events: StreamEvent[] = [];
    for await (const batch of stream) events.push(...batch);
    expect(((await seen[0]!.json()) as { stream: boolean }).stream).toBe(true);
    expect(events[0]).toMatchObject({ type: 'start', id: '321d178c-2c12-44d3-ae42-2f5510f6b1cc', model: 'command-a-03-2025' });
    expect(events.flatMap((e) => (e.type === 'text-delta' ? [e.text] : [])).join('')).toBe('The capital of France is Paris.');
    expect(events.at(-1)).toMatchObject({ type: 'finish', finishReason: { unified: 'stop', raw: 'COMPLETE' }, usage: { prompt_tokens: 507, completion_tokens: 10 } });
  });
});

describe('cohere adapter: embed', () => {
  it('posts texts with an input type and float embeddings, and reads the billed tokens', async () => {
    const seen = stubFetch(() =>
      Response.json({
        id: 'da6e531f-54c6-4a73-bf92-f60566d8d753',
        embeddings: { float: [[0.016296387, -0.008354187, -0.04699707], [-0.0021705627, 0.03643799, 0.0037460327]] },
        texts: ['hello', 'goodbye'],
        meta: { api_version: { version: '2' }, billed_units: { input_tokens: 2 } },
        response_type: 'embeddings_by_type',
      }),
    );
    const res = await cohereAdapter.embed!({ kind: 'embedding', fallbacks: [], encodingFormat: 'float', provider: 'cohere', model: 'embed-v4.0', input: ['hello', 'goodbye'], params: { dimensions: 256 } }, call);
    expect(seen[0]!.url).toBe('https://api.cohere.com/v2/embed');
    expect(await seen[0]!.json()).toEqual({ model: 'embed-v4.0', texts: ['hello', 'goodbye'], input_type: 'search_document', embedding_types: ['float'], output_dimension: 256 });
    expect(res).toEqual({
      kind: 'embedding',
      model: 'embed-v4.0',
      provider: 'cohere',
      embeddings: [[0.016296387, -0.008354187, -0.04699707], [-0.0021705627, 0.03643799, 0.0037460327]],
      usage: { prompt_tokens: 2, total_tokens: 2 },
    });
  });

  it('passes the caller’s input_type', async () => {
    const seen = stubFetch(() => Response.json({ embeddings: { float: [[1, 2]] }, meta: { billed_units: { input_tokens: 1 } } }));
    await cohereAdapter.embed!({ kind: 'embedding', fallbacks: [], encodingFormat: 'float', provider: 'cohere', model: 'embed-v4.0', input: ['q'], params: { input_type: 'search_query' } }, call);
    expect(((await seen[0]!.json()) as { input_type: string }).input_type).toBe('search_query');
  });
});

describe('cohere adapter: errors', () => {
  it.each([
    [401, '{"id":"5b2c7f3e-1d4a-4c8b-9e6f-0a1b2c3d4e5f","message":"invalid api token"}', 'authentication_error', 'invalid api token', false],
    [429, '{"id":"0e1f2a3b-4c5d-6e7f-8a9b-0c1d2e3f4a5b","message":"You are using a Trial key, which is limited to 10 API calls / minute."}', 'rate_limit_error', 'You are using a Trial key, which is limited to 10 API calls / minute.', true],
    [400, '{"id":"1a2b3c4d-5e6f-7a8b-9c0d-1e2f3a4b5c6d","message":"invalid request: model \'command-x\' not found, make sure the correct model ID was used and that you have access to the model."}', 'invalid_request_error', "invalid request: model 'command-x' not found, make sure the correct model ID was used and that you have access to the model.", false],
    [503, '<html>Service Unavailable</html>', 'upstream_error', 'provider "cohere" answered 503: <html>Service Unavailable</html>', true],
  ] as const)('maps a %i answer', async (status, body, type, message, retryable) => {
    stubFetch(() => new Response(body, { status }));
    const err = await cohereAdapter.chat(request(), call).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GatewayError);
    expect(err).toMatchObject({ status, type, message, retryable, provider: 'cohere' });
  });
});
