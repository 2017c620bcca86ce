import { describe, expect, it } from 'vitest';
import reasoningChunks from '../../../test/fixtures/providers/cohere/cohere-reasoning.chunks.txt?raw';
import reasoningJson from '../../../test/fixtures/providers/cohere/cohere-reasoning.json?raw';
import type { ChatRequest, ReasoningConfig, StreamEvent } from '../../types/chat';
import { trickle, typedSse } from '../recorded-stream.test-support';
import { stubFetch } from '../stub-fetch.test-support';
import type { ProviderCall, ResolvedProvider } from '../types';
import { toCohereChatBody } from './chat';
import { cohereAdapter } from './index';

const provider = { name: 'cohere', kind: { adapter: cohereAdapter }, baseUrl: 'https://api.cohere.com/v2', keys: [], timeoutMs: 5000, extraHeaders: {} } as unknown as ResolvedProvider;
const call: ProviderCall = { provider, key: { name: 'k', value: 'co-key', settings: {} }, requestId: 'req-1', env: {} as Cloudflare.Env };

const request = (over: Partial<ChatRequest> = {}): ChatRequest => ({
  kind: 'chat',
  provider: 'cohere',
  model: 'command-a-reasoning-08-2025',
  messages: [{ role: 'user', content: 'What is 2 + 2?' }],
  stream: false,
  includeUsage: false,
  fallbacks: [],
  params: {},
  ...over,
});

describe('Cohere reasoning (recorded)', () => {
  it('reads thinking blocks as reasoning text, apart from the answer', async () => {
    stubFetch(() => new Response(reasoningJson, { status: 200, headers: { 'content-type': 'application/json' } }));
    const res = await cohereAdapter.chat(request(), call);
    const blocks = JSON.parse(reasoningJson).message.content as { type: string; thinking?: string; text?: string }[];
    expect(res.choices[0]!.message).toEqual({
      role: 'assistant',
      content: blocks.find((b) => b.type === 'text')!.text,
      reasoning: [{ text: blocks.find((b) => b.type === 'thinking')!.thinking }],
    });
  });

  it('streams thinking deltas as reasoning deltas', async () => {
    stubFetch(() => new Response(trickle(typedSse(reasoningChunks), 41), { status: 200, headers: { 'content-type': 'text/event-stream' } }));
    const events: StreamEvent[] = [];
    for await (const batch of await cohereAdapter.chatStream(request({ stream: true }), call)) events.push(...batch);
    const pieces = reasoningChunks.split('\n').filter(Boolean).map((l) => JSON.parse(l)).filter((e) => e.type === 'content-delta').map((e) => e.delta.message.content);
    const join = (k: string) => pieces.map((c) => c[k] ?? '').join('');
    expect(events.flatMap((e) => (e.type === 'reasoning-delta' ? [e.text] : [])).join('')).toBe(join('thinking'));
    expect(events.flatMap((e) => (e.type === 'text-delta' ? [e.text] : [])).join('')).toBe(join('text'));
    expect(join('thinking').length).toBeGreaterThan(10);
  });
});

describe('Cohere reasoning and structured-output requests', () => {
  const thinking = (reasoning: ReasoningConfig) => toCohereChatBody(request({ reasoning }), false).thinking;

  it('maps reasoning to thinking: off, a budget, or unlimited', () => {
    expect(thinking({ effort: 'none' })).toEqual({ type: 'disabled' });
    expect(thinking({ budgetTokens: 4000 })).toEqual({ type: 'enabled', token_budget: 4000 });
    expect(thinking({ effort: 'low' })).toEqual({ type: 'enabled', token_budget: 1024 });
    expect(thinking({ effort: 'high' })).toEqual({ type: 'enabled' });
    expect(toCohereChatBody(request(), false)).not.toHaveProperty('thinking');
  });

  it('sends no canonical-only field: neither a turn’s reasoning nor a call’s Gemini signature', () => {
    const body = toCohereChatBody(
      request({
        messages: [
          { role: 'user', content: 'q' },
          { role: 'assistant', content: null, reasoning: [{ text: 'thought' }], tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' }, signature: 'sig' }] },
          { role: 'tool', tool_call_id: 'c1', content: 'ok' },
        ],
      }),
      false,
    );
    expect((body.messages as unknown[])[1]).toEqual({ role: 'assistant', tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }] });
  });

  it('maps json_schema to Cohere’s json_object with the schema, and refuses an unknown type or parameter', () => {
    const schema = { type: 'object', properties: { n: { type: 'integer' } }, required: ['n'] };
    expect(toCohereChatBody(request({ params: { response_format: { type: 'json_schema', json_schema: { name: 'n', schema } } } }), false).response_format).toEqual({ type: 'json_object', json_schema: schema });
    expect(() => toCohereChatBody(request({ params: { response_format: { type: 'xml' } } }), false)).toThrow(expect.objectContaining({ status: 400 }));
    expect(() => toCohereChatBody(request({ params: { logit_bias: { 1: 2 } } }), false)).toThrow(expect.objectContaining({ status: 400, param: 'logit_bias', message: expect.stringContaining('provider "cohere"') }));
  });
});
