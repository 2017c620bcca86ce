import fixture from '../../shared/fixtures/providers/openai/openai-text.chunks.txt?raw';
import { describe, expect, it } from 'vitest';
import { chat, readSse, testGateway, upstreamRecord, USER_HELLO } from './support/gateway';

const gw = testGateway();

describe('POST /v1/chat/completions, non-streaming', () => {
  it('returns the upstream completion in OpenAI format with usage and extra_fields', async () => {
    const res = await gw.fetch('/v1/chat/completions', chat({ model: 'openai/gpt-4.1-nano', messages: USER_HELLO }));
    expect(res.status).toBe(200);
    expect(res.headers.get('x-request-id')).toBeTruthy();
    const body = await res.json<Record<string, any>>();
    expect(body.object).toBe('chat.completion');
    expect(body.id).toBe('chatcmpl-D8Z5f52zQqikDBEKQMQoYcWMcWPeU');
    expect(body.model).toBe('gpt-4.1-nano-2025-04-14');
    expect(body.choices[0].message.content).toMatch(/^\*\*Holiday Name:\*\* Galaxy Day/);
    expect(body.choices[0].finish_reason).toBe('stop');
    expect(body.usage).toMatchObject({ prompt_tokens: 16, completion_tokens: 363, total_tokens: 379 });
    expect(body.system_fingerprint).toBe('fp_de604bd877');
    // gpt-4.1-nano at $0.10 / $0.40 per million: 16 in, 363 out.
    expect(body.extra_fields).toEqual({ provider: 'openai', fallback_index: 0, cost: 0.0001468 });
  });

  it('sends the model without its provider prefix, the key from secrets, and passes params through', async () => {
    const res = await gw.fetch('/v1/chat/completions', chat({ model: 'openai/gpt-4.1-nano', messages: USER_HELLO, temperature: 0.2, user: 'passthrough-1', seed: 7 }));
    expect(res.status).toBe(200);
    const rec = await upstreamRecord('passthrough-1');
    expect(rec.headers.authorization).toBe('Bearer sk-test-openai');
    expect(rec.body).toEqual({ model: 'gpt-4.1-nano', messages: USER_HELLO, temperature: 0.2, user: 'passthrough-1', seed: 7 });
  });

  it('routes to another OpenAI-compatible provider by prefix', async () => {
    const res = await gw.fetch('/v1/chat/completions', chat({ model: 'deepseek/deepseek-chat', messages: USER_HELLO }));
    const body = await res.json<Record<string, any>>();
    expect(body.model).toBe('deepseek-chat');
    expect(body.extra_fields.provider).toBe('deepseek');
  });

  it('maps upstream errors to OpenAI error bodies with the upstream status', async () => {
    const res = await gw.fetch('/v1/chat/completions', chat({ model: 'openai/fail-429', messages: USER_HELLO }));
    expect(res.status).toBe(429);
    expect(await res.json()).toEqual({ error: { message: 'Rate limit reached for requests', type: 'requests', param: null, code: 'rate_limit_exceeded' } });
    const bad = await gw.fetch('/v1/chat/completions', chat({ model: 'openai/not-json', messages: USER_HELLO }));
    expect(bad.status).toBe(502);
    expect((await bad.json<Record<string, any>>()).error.type).toBe('upstream_error');
  });
});

describe('POST /v1/chat/completions, streaming', () => {
  const expectedText = fixture
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l).choices[0]?.delta?.content ?? '')
    .join('');

  it('streams the recorded chunks as OpenAI SSE, ending with [DONE]', async () => {
    const res = await gw.fetch('/v1/chat/completions', chat({ model: 'openai/gpt-4.1-nano', messages: USER_HELLO, stream: true }));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const data = await readSse(res);
    expect(data.at(-1)).toBe('[DONE]');
    const chunks = data.slice(0, -1).map((d) => JSON.parse(d));
    expect(chunks[0].choices[0].delta.role).toBe('assistant');
    expect(chunks.every((c) => c.object === 'chat.completion.chunk' && c.id === 'chatcmpl-D8Z5oo6uDh67AD85p73ksdT1KxhE0')).toBe(true);
    expect(chunks.map((c) => c.choices[0]?.delta?.content ?? '').join('')).toBe(expectedText);
    expect(chunks.at(-1).choices[0].finish_reason).toBe('stop');
    // No usage chunk unless asked for.
    expect(chunks.some((c) => c.usage)).toBe(false);
  });

  it('adds the usage chunk when stream_options.include_usage is set, and always asks upstream for it', async () => {
    const res = await gw.fetch(
      '/v1/chat/completions',
      chat({ model: 'openai/gpt-4.1-nano', messages: USER_HELLO, stream: true, stream_options: { include_usage: true }, user: 'usage-1' }),
    );
    const chunks = (await readSse(res)).slice(0, -1).map((d) => JSON.parse(d));
    const last = chunks.at(-1);
    expect(last.choices).toEqual([]);
    expect(last.usage).toMatchObject({ prompt_tokens: 16, completion_tokens: 300, total_tokens: 316 });
    const plain = await gw.fetch('/v1/chat/completions', chat({ model: 'openai/gpt-4.1-nano', messages: USER_HELLO, stream: true, user: 'usage-2' }));
    await plain.text();
    expect((await upstreamRecord('usage-2')).body.stream_options).toEqual({ include_usage: true });
  });

  it('reads usage from the finish chunk as groq sends it', async () => {
    const res = await gw.fetch('/v1/chat/completions', chat({ model: 'groq/llama-3.3-70b-versatile', messages: USER_HELLO, stream: true, stream_options: { include_usage: true } }));
    const chunks = (await readSse(res)).slice(0, -1).map((d) => JSON.parse(d));
    expect(chunks.at(-2).choices[0].finish_reason).toBe('stop');
    expect(chunks.at(-1).usage).toMatchObject({ prompt_tokens: 45, completion_tokens: 662, total_tokens: 707 });
  });

  it('cancels the upstream request when the client hangs up mid-stream', async () => {
    const res = await gw.fetch('/v1/chat/completions', chat({ model: 'openai/slow-stream', messages: USER_HELLO, stream: true, user: 'disconnect-1' }));
    const reader = res.body!.getReader();
    const first = await reader.read();
    expect(first.done).toBe(false);
    await reader.cancel();
    let rec = await upstreamRecord('disconnect-1');
    for (let i = 0; i < 60 && !rec.aborted; i++) {
      await new Promise((r) => setTimeout(r, 50));
      rec = await upstreamRecord('disconnect-1');
    }
    expect(rec.aborted).toBe(true);
    expect(rec.finished).toBe(false);
  });
});

describe('GET /v1/models and /health', () => {
  it('lists models from config and reports health', async () => {
    const gwModels = testGateway();
    const health = await gwModels.fetch('/health');
    expect(health.status).toBe(200);
    expect(await health.json()).toMatchObject({ status: 'ok', plugins: [] });
    const models = await gwModels.fetch('/v1/models');
    expect(await models.json()).toEqual({ object: 'list', data: [] });
  });
});
