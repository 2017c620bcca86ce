import { describe, expect, it } from 'vitest';
import textChunks from '../../../../shared/fixtures/providers/anthropic/anthropic-text.chunks.txt?raw';
import textJson from '../../../../shared/fixtures/providers/anthropic/anthropic-text.json?raw';
import { GatewayError } from '../../errors/gateway-error';
import type { ChatRequest, StreamEvent } from '../../types/chat';
import { trickle, typedSse } from '../recorded-stream.test-support';
import { stubFetch } from '../stub-fetch.test-support';
import type { ProviderCall } from '../types';
import { ANTHROPIC_DEFAULT_BASE_URL, anthropicAdapter } from '.';

// The adapter over HTTP: fetch is replaced by a stand-in that checks the request and answers with
// the recorded bodies in Anthropic's real wire format.

const call = (extraHeaders: Record<string, string> = {}): ProviderCall => ({
  provider: {
    name: 'anthropic',
    kind: { adapter: anthropicAdapter, defaultBaseUrl: ANTHROPIC_DEFAULT_BASE_URL },
    baseUrl: ANTHROPIC_DEFAULT_BASE_URL,
    keys: [],
    timeoutMs: 5000,
    extraHeaders,
    retry: { maxRetries: 0, backoffInitialMs: 0, backoffMaxMs: 0 },
    streamIdleTimeoutMs: 60_000,
    fallbacks: [],
  },
  key: { name: 'main', value: 'sk-ant-test', settings: {} },
  requestId: 'req-1',
  env: {} as Cloudflare.Env,
});

const request = (stream: boolean): ChatRequest => ({
  kind: 'chat',
  provider: 'anthropic',
  model: 'claude-sonnet-4-5',
  messages: [
    { role: 'system', content: 'Be kind.' },
    { role: 'user', content: 'Hello, how are you?' },
  ],
  stream,
  includeUsage: true,
  fallbacks: [],
  params: { max_tokens: 256 },
});

describe('anthropicAdapter.chat', () => {
  it('posts to /messages with Anthropic auth and translates the recorded answer', async () => {
    const seen = stubFetch(() => new Response(textJson, { status: 200, headers: { 'content-type': 'application/json' } }));
    const res = await anthropicAdapter.chat(request(false), call({ 'anthropic-beta': 'prompt-caching-2024-07-31' }));

    const sent = seen[0]!;
    expect(sent.method).toBe('POST');
    expect(sent.url).toBe('https://api.anthropic.com/v1/messages');
    expect(sent.headers.get('x-api-key')).toBe('sk-ant-test');
    expect(sent.headers.get('anthropic-version')).toBe('2023-06-01');
    expect(sent.headers.get('anthropic-beta')).toBe('prompt-caching-2024-07-31');
    expect(sent.headers.get('content-type')).toBe('application/json');
    expect(sent.headers.has('authorization')).toBe(false);
    expect(await sent.json()).toEqual({
      model: 'claude-sonnet-4-5',
      system: 'Be kind.',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hello, how are you?' }] }],
      max_tokens: 256,
    });

    expect(res.id).toBe('msg_01VdEjxAP5ahtHKrrRdNBteQ');
    expect(res.choices[0]?.message.content).toBe("Hello! I'm doing well, thanks for asking. How are you doing today? Is there anything I can help you with?");
    expect(res.choices[0]?.finishReason).toEqual({ unified: 'stop', raw: 'end_turn' });
    expect(res.usage).toMatchObject({ prompt_tokens: 12, completion_tokens: 29, total_tokens: 41 });
  });

  it('sends the client\'s anthropic-beta flags, joined with the operator\'s', async () => {
    const seen = stubFetch(() => new Response(textJson, { status: 200 }));
    await anthropicAdapter.chat({ ...request(false), betas: ['context-management-2025-06-27', 'prompt-caching-2024-07-31'] }, call({ 'anthropic-beta': 'prompt-caching-2024-07-31' }));
    expect(seen[0]?.headers.get('anthropic-beta')).toBe('prompt-caching-2024-07-31,context-management-2025-06-27');
    await anthropicAdapter.chat(request(false), call());
    expect(seen[1]?.headers.has('anthropic-beta')).toBe(false);
  });

  it('lets extra_headers pin another API version', async () => {
    const seen = stubFetch(() => new Response(textJson, { status: 200 }));
    await anthropicAdapter.chat(request(false), call({ 'anthropic-version': '2024-01-01' }));
    expect(seen[0]?.headers.get('anthropic-version')).toBe('2024-01-01');
  });

  it('fails with a retryable 502 on a 200 whose body is not JSON', async () => {
    stubFetch(() => new Response('<html>oops</html>', { status: 200 }));
    await expect(anthropicAdapter.chat(request(false), call())).rejects.toMatchObject({ status: 502, code: 'invalid_upstream_response', retryable: true });
  });
});

describe('anthropicAdapter.chatStream', () => {
  it('asks for a stream and translates the recorded SSE', async () => {
    const seen = stubFetch(() => new Response(trickle(typedSse(textChunks), 29), { status: 200, headers: { 'content-type': 'text/event-stream' } }));
    const stream = await anthropicAdapter.chatStream(request(true), call());
    const events: StreamEvent[] = [];
    for await (const batch of stream) events.push(...batch);

    expect(await seen[0]!.json()).toMatchObject({ stream: true, max_tokens: 256 });
    expect(events[0]).toMatchObject({ type: 'start', id: 'msg_01QC4g3HwBThD4BaNtBckFDJ', model: 'claude-sonnet-4-5-20250929' });
    expect(events.flatMap((e) => (e.type === 'text-delta' ? [e.text] : [])).join('')).toBe(
      "Hello! I'm doing well, thank you for asking. How are you doing today? Is there anything I can help you with?",
    );
    expect(events.at(-1)).toMatchObject({ type: 'finish', finishReason: { unified: 'stop', raw: 'end_turn' }, usage: { prompt_tokens: 12, completion_tokens: 30, total_tokens: 42 } });
  });
});

describe('Anthropic error mapping', () => {
  const errorBody = (type: string, message: string) => JSON.stringify({ type: 'error', error: { type, message }, request_id: 'req_011CSHoEeqs5C35K2UUqR7Fy' });

  it.each([
    [400, 'invalid_request_error', 'max_tokens: Field required', false],
    [401, 'authentication_error', 'invalid x-api-key', false],
    [403, 'permission_error', 'Your API key does not have permission to use the specified resource.', false],
    [404, 'not_found_error', 'model: claude-nope', false],
    [429, 'rate_limit_error', 'Number of request tokens has exceeded your per-minute rate limit', true],
    [500, 'api_error', 'Internal server error', true],
    [529, 'overloaded_error', 'Overloaded', true],
  ] as const)('maps a %i %s to a GatewayError', async (status, type, message, retryable) => {
    stubFetch(() => new Response(errorBody(type, message), { status, headers: { 'content-type': 'application/json' } }));
    const err: unknown = await anthropicAdapter.chatStream(request(true), call()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GatewayError);
    expect(err).toMatchObject({ status, type, message, retryable, provider: 'anthropic' });
  });

  it('keeps the status of an answer that is not an Anthropic error body', async () => {
    stubFetch(() => new Response('<html>Bad gateway</html>', { status: 502 }));
    await expect(anthropicAdapter.chat(request(false), call())).rejects.toMatchObject({ status: 502, type: 'upstream_error', retryable: true, message: expect.stringContaining('answered 502') });
  });
});
