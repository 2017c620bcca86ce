import { describe, expect, it } from 'vitest';
import deepseekChunks from '../../../test/fixtures/providers/deepseek/deepseek-reasoning.chunks.txt?raw';
import deepseekText from '../../../test/fixtures/providers/deepseek/deepseek-reasoning.json?raw';
import deepseekTool from '../../../test/fixtures/providers/deepseek/deepseek-tool-call.json?raw';
import groqText from '../../../test/fixtures/providers/groq/groq-reasoning.json?raw';
import openrouterChunks from '../../../test/fixtures/providers/openrouter/openrouter-claude-reasoning.chunks.txt?raw';
import openrouterJson from '../../../test/fixtures/providers/openrouter/openrouter-claude-reasoning.json?raw';
import openrouterNext from '../../../test/fixtures/providers/openrouter/openrouter-claude-reasoning.next-request.json?raw';
import { ResponseAssembler } from '../../facts/response-assembler';
import type { ChatMessage, ChatRequest, ReasoningConfig, StreamEvent } from '../../types/chat';
import { openAISse, trickle } from '../recorded-stream.test-support';
import { chatRequest } from '../chat-request.test-support';
import { jsonAnswer, stubFetch } from '../stub-fetch.test-support';
import type { ProviderCall, ProviderKind } from '../types';
import { DEEPSEEK_COMPAT, GROQ_COMPAT, NO_REASONING_COMPAT, OPENAI_COMPAT, OPENROUTER_COMPAT, type OpenAICompat, XAI_COMPAT } from './compat';
import { openAICompatibleAdapter } from './index';

const BASE = 'https://upstream.test/v1';

function call(name: string, compat: OpenAICompat): ProviderCall {
  const kind: ProviderKind = { adapter: openAICompatibleAdapter(compat), defaultBaseUrl: BASE };
  return {
    provider: { name, kind, baseUrl: BASE, keys: [], timeoutMs: 5000, extraHeaders: {}, retry: { maxRetries: 0, backoffInitialMs: 0, backoffMaxMs: 0 }, streamIdleTimeoutMs: 5000, fallbacks: [] },
    key: { name: 'k', value: 'sk-test', settings: {} },
    requestId: 'req-1',
    env: {} as Cloudflare.Env,
  };
}

const request = (provider: string, messages: ChatMessage[], over: Partial<ChatRequest> = {}): ChatRequest => chatRequest(provider, 'm', messages, over);

const sse = (lines: string) => () => new Response(trickle(openAISse(lines), 53), { status: 200, headers: { 'content-type': 'text/event-stream' } });
const recordedMessage = (body: string) => JSON.parse(body).choices[0].message;

async function events(stream: ReadableStream<StreamEvent[]>): Promise<StreamEvent[]> {
  const out: StreamEvent[] = [];
  for await (const batch of stream) out.push(...batch);
  return out;
}

/** What the adapter sent upstream for a request. */
async function sentBody(name: string, compat: OpenAICompat, req: ChatRequest): Promise<Record<string, unknown>> {
  const seen = stubFetch(jsonAnswer(deepseekText));
  await openAICompatibleAdapter(compat).chat(req, call(name, compat));
  return (await seen[0]!.json()) as Record<string, unknown>;
}

describe('OpenAI-compatible answers with reasoning (recorded)', () => {
  it('DeepSeek: reasoning_content becomes the message reasoning; reasoning tokens stay in usage', async () => {
    stubFetch(jsonAnswer(deepseekText));
    const res = await openAICompatibleAdapter(DEEPSEEK_COMPAT).chat(request('deepseek', [{ role: 'user', content: 'hi' }]), call('deepseek', DEEPSEEK_COMPAT));
    const wire = recordedMessage(deepseekText);
    expect(res.choices[0]?.message).toEqual({ role: 'assistant', content: wire.content, reasoning: [{ text: wire.reasoning_content }] });
    expect(res.usage?.completion_tokens_details).toEqual(JSON.parse(deepseekText).usage.completion_tokens_details);
  });

  it('Groq: `reasoning` becomes the message reasoning', async () => {
    stubFetch(jsonAnswer(groqText));
    const res = await openAICompatibleAdapter(GROQ_COMPAT).chat(request('groq', [{ role: 'user', content: 'hi' }]), call('groq', GROQ_COMPAT));
    expect(res.choices[0]?.message.reasoning).toEqual([{ text: recordedMessage(groqText).reasoning }]);
  });

  it('OpenRouter: reasoning_details become parts with the signature and the family of their format', async () => {
    stubFetch(jsonAnswer(openrouterJson));
    const res = await openAICompatibleAdapter(OPENROUTER_COMPAT).chat(request('openrouter', [{ role: 'user', content: 'hi' }]), call('openrouter', OPENROUTER_COMPAT));
    const [detail] = recordedMessage(openrouterJson).reasoning_details;
    expect(res.choices[0]?.message.reasoning).toEqual([{ text: detail.text, signature: detail.signature, source: 'anthropic' }]);
    expect(res.choices[0]?.message.tool_calls?.[0]?.id).toBe('toolu_bdrk_01AfMUr4SPqrUP7qb65GXqma');
  });
});

describe('OpenAI-compatible reasoning round trip into the next turn', () => {
  it('OpenRouter: the next turn carries reasoning_details as the recorded client sent them back', async () => {
    stubFetch(jsonAnswer(openrouterJson));
    const first = await openAICompatibleAdapter(OPENROUTER_COMPAT).chat(request('openrouter', [{ role: 'user', content: 'weather?' }]), call('openrouter', OPENROUTER_COMPAT));
    const assistant = first.choices[0]!.message;
    const body = await sentBody('openrouter', OPENROUTER_COMPAT, request('openrouter', [
      { role: 'user', content: 'weather?' },
      assistant,
      { role: 'tool', tool_call_id: assistant.tool_calls![0]!.id, content: '40 C' },
    ]));
    const messages = body.messages as Record<string, unknown>[];
    const recordedBack = (JSON.parse(openrouterNext).messages as Record<string, unknown>[]).find((m) => m.role === 'assistant')!;
    const pick = (d: Record<string, unknown>) => ({ type: d.type, text: d.text, signature: d.signature, format: d.format });
    expect((messages[1]!.reasoning_details as Record<string, unknown>[]).map(pick)).toEqual((recordedBack.reasoning_details as Record<string, unknown>[]).map(pick));
    // Canonical-only fields never reach the wire.
    expect(messages[1]).not.toHaveProperty('reasoning');
    expect(messages[1]!.tool_calls).toEqual(assistant.tool_calls);
  });

  it('DeepSeek: reasoning_content goes back for turns that called tools, not for plain turns', async () => {
    stubFetch(jsonAnswer(deepseekTool));
    const toolTurn = (await openAICompatibleAdapter(DEEPSEEK_COMPAT).chat(request('deepseek', [{ role: 'user', content: 'weather?' }]), call('deepseek', DEEPSEEK_COMPAT))).choices[0]!.message;
    const plain: ChatMessage = { role: 'assistant', content: 'Hello.', reasoning: [{ text: 'Greet back.' }] };
    const body = await sentBody('deepseek', DEEPSEEK_COMPAT, request('deepseek', [
      { role: 'user', content: 'hi' },
      plain,
      { role: 'user', content: 'weather?' },
      toolTurn,
      { role: 'tool', tool_call_id: toolTurn.tool_calls![0]!.id, content: 'sunny' },
    ]));
    const messages = body.messages as Record<string, unknown>[];
    expect(messages[1]).toEqual({ role: 'assistant', content: 'Hello.' });
    expect(messages[3]!.reasoning_content).toBe(recordedMessage(deepseekTool).reasoning_content);
    expect(messages[3]).not.toHaveProperty('reasoning');
  });

  it('OpenAI: prior reasoning is not sent (its chat API has no input field for it)', async () => {
    const body = await sentBody('openai', OPENAI_COMPAT, request('openai', [{ role: 'user', content: 'a' }, { role: 'assistant', content: 'b', reasoning: [{ text: 'r', signature: 's', source: 'openai' }] }, { role: 'user', content: 'c' }]));
    expect((body.messages as unknown[])[1]).toEqual({ role: 'assistant', content: 'b' });
  });
});

describe('OpenAI-compatible streamed reasoning (recorded)', () => {
  it('DeepSeek: reasoning_content deltas become reasoning deltas, content stays the answer', async () => {
    stubFetch(sse(deepseekChunks));
    const got = await events(await openAICompatibleAdapter(DEEPSEEK_COMPAT).chatStream(request('deepseek', [{ role: 'user', content: 'hi' }], { stream: true }), call('deepseek', DEEPSEEK_COMPAT)));
    const lines = deepseekChunks.split('\n').filter(Boolean).map((l) => JSON.parse(l).choices[0]?.delta ?? {});
    const join = (k: string) => lines.map((d) => d[k] ?? '').join('');
    expect(got.flatMap((e) => (e.type === 'reasoning-delta' ? [e.text] : [])).join('')).toBe(join('reasoning_content'));
    expect(got.flatMap((e) => (e.type === 'text-delta' ? [e.text] : [])).join('')).toBe(join('content'));
    expect(join('reasoning_content').length).toBeGreaterThan(20);
  });

  it('OpenRouter: the text once (not again from the details), then the signature closing the part', async () => {
    stubFetch(sse(openrouterChunks));
    const stream = await openAICompatibleAdapter(OPENROUTER_COMPAT).chatStream(request('openrouter', [{ role: 'user', content: 'hi' }], { stream: true }), call('openrouter', OPENROUTER_COMPAT));
    const got = await events(stream);
    const assembler = new ResponseAssembler('openrouter', 'x');
    for (const e of got) assembler.add(e);
    const deltas = openrouterChunks.split('\n').filter(Boolean).map((l) => JSON.parse(l).choices[0]?.delta ?? {});
    const text = deltas.map((d) => d.reasoning ?? '').join('');
    const signature = deltas.flatMap((d) => (d.reasoning_details ?? []).flatMap((r: { signature?: string }) => (r.signature ? [r.signature] : [])))[0];
    expect(got.flatMap((e) => (e.type === 'reasoning-delta' ? [e.text] : [])).join('')).toBe(text);
    expect(got.filter((e) => e.type === 'reasoning-end')).toEqual([{ type: 'reasoning-end', index: 0, signature, source: 'anthropic' }]);
    expect(got.some((e) => e.type === 'tool-call-delta')).toBe(true);
    // Assembled, the part is what the JSON answer would have held: the text with its signature.
    expect(assembler.response().choices[0]?.message.reasoning).toEqual([{ text, signature, source: 'anthropic' }]);
  });
});

describe('OpenAI-compatible reasoning requests', () => {
  const ask = async (name: string, compat: OpenAICompat, reasoning: ReasoningConfig, params: Record<string, unknown> = {}) =>
    sentBody(name, compat, request(name, [{ role: 'user', content: 'hi' }], { reasoning, params }));

  it('maps efforts and budgets to each server’s own words', async () => {
    expect(await ask('openai', OPENAI_COMPAT, { effort: 'xhigh' })).toMatchObject({ reasoning_effort: 'xhigh' });
    // A budget becomes the effort whose budget covers it (reasoning-budget.ts).
    expect(await ask('openai', OPENAI_COMPAT, { budgetTokens: 5000 })).toMatchObject({ reasoning_effort: 'medium' });
    expect(await ask('groq', GROQ_COMPAT, { effort: 'minimal' })).toMatchObject({ reasoning_effort: 'low' });
    expect(await ask('deepseek', DEEPSEEK_COMPAT, { effort: 'xhigh' })).toMatchObject({ thinking: { type: 'enabled' }, reasoning_effort: 'max' });
    expect(await ask('deepseek', DEEPSEEK_COMPAT, { effort: 'none' })).toMatchObject({ thinking: { type: 'disabled' } });
    expect(await ask('openrouter', OPENROUTER_COMPAT, { budgetTokens: 2048 })).toMatchObject({ reasoning: { max_tokens: 2048 } });
    expect(await ask('openrouter', OPENROUTER_COMPAT, { effort: 'low' })).toMatchObject({ reasoning: { effort: 'low' } });
  });

  it('refuses what a server has no word for, naming the provider', async () => {
    await expect(ask('xai', XAI_COMPAT, { effort: 'none' })).rejects.toMatchObject({ status: 400, param: 'reasoning', message: expect.stringContaining('provider "xai"') });
    await expect(ask('mistral', NO_REASONING_COMPAT, { effort: 'high' })).rejects.toMatchObject({ status: 400, message: expect.stringContaining('provider "mistral"') });
  });

  it('passes response_format through as the client sent it', async () => {
    const format = { type: 'json_schema', json_schema: { name: 'answer', schema: { type: 'object', properties: { a: { type: 'string' } }, required: ['a'] }, strict: true } };
    const body = await sentBody('openai', OPENAI_COMPAT, request('openai', [{ role: 'user', content: 'hi' }], { params: { response_format: format } }));
    expect(body.response_format).toEqual(format);
  });
});
