import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../errors/gateway-error';
import type { ChatRequest, StreamEvent } from '../../types/chat';
import { trickle } from '../recorded-stream.test-support';
import type { ProviderCall, ResolvedProvider } from '../types';
import type { AiLike } from './ai-binding';
import { workersAIAdapter } from '.';

const provider = {
  name: 'workers-ai',
  kind: { adapter: workersAIAdapter, keyOptional: true },
  baseUrl: 'https://api.cloudflare.com/client/v4',
  keys: [],
  timeoutMs: 2_000,
  extraHeaders: {},
} as unknown as ResolvedProvider;

/** A stand-in for the `AI` binding: records what it was asked and answers as the binding does. */
function fakeAi(answer: (model: string, inputs: Record<string, unknown>) => unknown) {
  const calls: { model: string; inputs: Record<string, unknown> }[] = [];
  const ai: AiLike = {
    async run(model, inputs) {
      calls.push({ model, inputs: inputs as Record<string, unknown> });
      return answer(model, inputs as Record<string, unknown>);
    },
  };
  const call: ProviderCall = { provider, key: undefined, requestId: 'req-7', env: { AI: ai } as unknown as Cloudflare.Env };
  return { call, calls };
}

/** The binding's stream: SSE bytes, handed out in pieces that cut through events. */
function bindingSse(payloads: unknown[], splitEvery = 23): ReadableStream<Uint8Array> {
  return trickle(payloads.map((p) => `data: ${JSON.stringify(p)}\n\n`).join('') + 'data: [DONE]\n\n', splitEvery);
}

const request = (over: Partial<Omit<ChatRequest, 'kind'>> = {}): ChatRequest => ({
  kind: 'chat',
  provider: 'workers-ai',
  model: '@cf/meta/llama-3.1-8b-instruct',
  messages: [
    { role: 'developer', content: 'You are terse.' },
    { role: 'user', content: [{ type: 'text', text: 'Say hello ' }, { type: 'text', text: 'to Oslo.' }] },
  ],
  stream: false,
  includeUsage: false,
  fallbacks: [],
  params: { max_completion_tokens: 64, temperature: 0.2, top_p: 0.9, user: 'dropped' },
  ...over,
});

async function collect(stream: ReadableStream<StreamEvent[]>): Promise<StreamEvent[]> {
  const events: StreamEvent[] = [];
  for await (const batch of stream) events.push(...batch);
  return events;
}

// As @cf/meta/llama-3.1-8b-instruct streams: one token per event, a `p` padding field against
// length side channels, then an empty response carrying usage.
const helloStream = [
  { response: 'Hello', p: 'abdefgh' },
  { response: ',', p: 'abdefghijklmn' },
  { response: ' Oslo', p: 'abd' },
  { response: '!', p: 'abdefghijklmnopqrs' },
  { response: '', usage: { prompt_tokens: 31, completion_tokens: 5, total_tokens: 36 } },
];

describe('workers-ai binding: chat', () => {
  it('runs the model with the translated inputs and reads `response` and `usage`', async () => {
    const { call, calls } = fakeAi(() => ({ response: 'Hello, Oslo!', tool_calls: [], usage: { prompt_tokens: 31, completion_tokens: 5, total_tokens: 36 } }));
    const res = await workersAIAdapter.chat(request(), call);
    expect(calls).toEqual([
      {
        model: '@cf/meta/llama-3.1-8b-instruct',
        inputs: {
          messages: [
            { role: 'system', content: 'You are terse.' },
            { role: 'user', content: 'Say hello to Oslo.' },
          ],
          max_tokens: 64,
          temperature: 0.2,
          top_p: 0.9,
        },
      },
    ]);
    expect(res).toMatchObject({
      id: 'chatcmpl-req-7',
      model: '@cf/meta/llama-3.1-8b-instruct',
      provider: 'workers-ai',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Hello, Oslo!' }, finishReason: { unified: 'stop', raw: null } }],
      usage: { prompt_tokens: 31, completion_tokens: 5, total_tokens: 36 },
    });
    expect(res.choices[0]!.message.tool_calls).toBeUndefined();
  });

  it('passes tools and turns `{ name, arguments: {…} }` calls into OpenAI tool calls', async () => {
    const tools = [{ type: 'function', function: { name: 'get_weather', description: 'Weather in a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } }];
    const { call, calls } = fakeAi(() => ({ response: null, tool_calls: [{ name: 'get_weather', arguments: { city: 'Oslo' } }], usage: { prompt_tokens: 210, completion_tokens: 18, total_tokens: 228 } }));
    const res = await workersAIAdapter.chat(request({ params: { tools } }), call);
    expect(calls[0]!.inputs.tools).toEqual(tools);
    expect(res.choices[0]).toEqual({
      index: 0,
      message: { role: 'assistant', content: null, tool_calls: [{ id: 'call_req-7_0', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } }] },
      finishReason: { unified: 'tool_calls', raw: null },
    });
  });

  it('reads models that answer in OpenAI’s chat completion shape', async () => {
    const { call } = fakeAi(() => ({
      id: 'id-1757012345',
      object: 'chat.completion',
      created: 1757012345,
      model: '@cf/qwen/qwen3-30b-a3b-fp8',
      choices: [{ index: 0, message: { role: 'assistant', content: 'Hei, Oslo!', tool_calls: [] }, finish_reason: 'length' }],
      usage: { prompt_tokens: 12, completion_tokens: 64, total_tokens: 76 },
    }));
    const res = await workersAIAdapter.chat(request({ model: '@cf/qwen/qwen3-30b-a3b-fp8' }), call);
    expect(res).toMatchObject({ id: 'id-1757012345', choices: [{ message: { content: 'Hei, Oslo!' }, finishReason: { unified: 'length', raw: 'length' } }], usage: { total_tokens: 76 } });
  });

  it.each([
    ['AiError: 3036: You have used up your daily free allocation of 10,000 neurons. Please upgrade to Cloudflare\'s Workers Paid plan if you would like to continue usage.', 429, 'rate_limit_error', true],
    ['AiError: 5007: No such model @cf/meta/llama-9-nope or task', 400, 'invalid_request_error', false],
    ['InferenceUpstreamError: upstream connect error or disconnect/reset before headers', 502, 'upstream_error', true],
  ] as const)('maps a thrown binding error (%s)', async (message, status, type, retryable) => {
    const { call } = fakeAi(() => Promise.reject(new Error(message)));
    const err = await workersAIAdapter.chat(request(), call).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GatewayError);
    expect(err).toMatchObject({ status, type, retryable, message, provider: 'workers-ai' });
  });

  it('gives up on a binding that does not answer within the provider timeout', async () => {
    const { call } = fakeAi(() => new Promise(() => {}));
    const slow = { ...call, provider: { ...provider, timeoutMs: 20 } };
    await expect(workersAIAdapter.chat(request(), slow)).rejects.toMatchObject({ status: 504, code: 'upstream_timeout', retryable: true });
  });
});

describe('workers-ai binding: stream', () => {
  it.each([1, 23, 4096])('translates the binding’s SSE bytes (split every %i bytes)', async (splitEvery) => {
    const { call, calls } = fakeAi(() => bindingSse(helloStream, splitEvery));
    const events = await collect(await workersAIAdapter.chatStream(request({ stream: true }), call));
    expect(calls[0]!.inputs.stream).toBe(true);
    expect(events[0]).toMatchObject({ type: 'start', id: 'chatcmpl-req-7', model: '@cf/meta/llama-3.1-8b-instruct' });
    expect(events.flatMap((e) => (e.type === 'text-delta' ? [e.text] : [])).join('')).toBe('Hello, Oslo!');
    expect(events.filter((e) => e.type === 'finish')).toEqual([
      { type: 'finish', index: 0, finishReason: { unified: 'stop', raw: null }, usage: { prompt_tokens: 31, completion_tokens: 5, total_tokens: 36 } },
    ]);
    expect(events.at(-1)!.type).toBe('finish');
  });

  it('streams OpenAI-style tool call fragments and finishes with tool_calls', async () => {
    const { call } = fakeAi(() =>
      bindingSse([
        { response: '', tool_calls: [{ index: 0, id: 'chatcmpl-tool-8b1e3f', type: 'function', function: { name: 'get_weather', arguments: '' } }] },
        { response: '', tool_calls: [{ index: 0, function: { arguments: '{"city": ' } }] },
        { response: '', tool_calls: [{ index: 0, function: { arguments: '"Oslo"}' } }] },
        { response: '', usage: { prompt_tokens: 210, completion_tokens: 18, total_tokens: 228 } },
      ]),
    );
    const events = await collect(await workersAIAdapter.chatStream(request({ stream: true }), call));
    expect(events.filter((e) => e.type === 'tool-call-delta')).toEqual([
      { type: 'tool-call-delta', index: 0, toolCallIndex: 0, id: 'chatcmpl-tool-8b1e3f', name: 'get_weather', argumentsDelta: '' },
      { type: 'tool-call-delta', index: 0, toolCallIndex: 0, argumentsDelta: '{"city": ' },
      { type: 'tool-call-delta', index: 0, toolCallIndex: 0, argumentsDelta: '"Oslo"}' },
    ]);
    expect(events.at(-1)).toEqual({ type: 'finish', index: 0, finishReason: { unified: 'tool_calls', raw: null }, usage: { prompt_tokens: 210, completion_tokens: 18, total_tokens: 228 } });
  });

  it('numbers whole tool calls without an index one after the other', async () => {
    const { call } = fakeAi(() => bindingSse([{ response: '', tool_calls: [{ name: 'a', arguments: { x: 1 } }, { name: 'b', arguments: {} }] }]));
    const events = await collect(await workersAIAdapter.chatStream(request({ stream: true }), call));
    expect(events.filter((e) => e.type === 'tool-call-delta')).toEqual([
      { type: 'tool-call-delta', index: 0, toolCallIndex: 0, id: 'call_req-7_0', name: 'a', argumentsDelta: '{"x":1}' },
      { type: 'tool-call-delta', index: 0, toolCallIndex: 1, id: 'call_req-7_1', name: 'b', argumentsDelta: '{}' },
    ]);
  });

  it('ends with an error event on data that is not JSON', async () => {
    const bytes = new TextEncoder().encode('data: {"response":"Hel"}\n\ndata: {"respo\n\ndata: {"response":"lo"}\n\n');
    const { call } = fakeAi(() => new Response(bytes).body);
    const events = await collect(await workersAIAdapter.chatStream(request({ stream: true }), call));
    expect(events.map((e) => e.type)).toEqual(['start', 'text-delta', 'error']);
    expect(events[2]).toMatchObject({ error: { code: 'invalid_upstream_stream', provider: 'workers-ai' } });
  });

  it('replays a whole answer as a stream when the model ignored `stream`', async () => {
    const { call } = fakeAi(() => ({ response: 'Hello, Oslo!', usage: { prompt_tokens: 31, completion_tokens: 5, total_tokens: 36 } }));
    const events = await collect(await workersAIAdapter.chatStream(request({ stream: true }), call));
    expect(events.map((e) => e.type)).toEqual(['start', 'text-delta', 'finish']);
  });
});

describe('workers-ai binding: embed', () => {
  it('runs the model with `text` and reads `data`', async () => {
    const { call, calls } = fakeAi(() => ({ shape: [2, 3], data: [[0.0123, -0.0456, 0.0789], [-0.0321, 0.0654, -0.0987]], pooling: 'mean' }));
    const res = await workersAIAdapter.embed!({ kind: 'embedding', fallbacks: [], encodingFormat: 'float', provider: 'workers-ai', model: '@cf/baai/bge-base-en-v1.5', input: ['first', 'second'], params: {} }, call);
    expect(calls).toEqual([{ model: '@cf/baai/bge-base-en-v1.5', inputs: { text: ['first', 'second'] } }]);
    expect(res).toEqual({ kind: 'embedding', model: '@cf/baai/bge-base-en-v1.5', provider: 'workers-ai', embeddings: [[0.0123, -0.0456, 0.0789], [-0.0321, 0.0654, -0.0987]] });
  });
});
