import { describe, expect, it } from 'vitest';
import reasoningBody from '../../../test/fixtures/providers/google/google-reasoning-gemini3.json?raw';
import thoughtChunks from '../../../test/fixtures/providers/google/google-stream-no-args-tool-call.chunks.txt?raw';
import toolBody from '../../../test/fixtures/providers/google/google-tool-call-gemini3.json?raw';
import { ResponseAssembler } from '../../facts/response-assembler';
import type { ChatMessage, ChatRequest, ReasoningConfig, StreamEvent } from '../../types/chat';
import { trickle } from '../recorded-stream.test-support';
import { chatRequest } from '../chat-request.test-support';
import { jsonAnswer, stubFetch } from '../stub-fetch.test-support';
import type { ProviderCall } from '../types';
import { toGeminiChatBody } from './chat-request';
import { GEMINI_DEFAULT_BASE_URL, geminiAdapter } from './index';

const call: ProviderCall = {
  provider: {
    name: 'gemini',
    kind: { adapter: geminiAdapter, defaultBaseUrl: GEMINI_DEFAULT_BASE_URL },
    baseUrl: GEMINI_DEFAULT_BASE_URL,
    keys: [],
    timeoutMs: 5000,
    extraHeaders: {},
    retry: { maxRetries: 0, backoffInitialMs: 0, backoffMaxMs: 0 },
    streamIdleTimeoutMs: 5000,
    fallbacks: [],
  },
  key: { name: 'k', value: 'AIza-test', settings: {} },
  requestId: 'req-1',
  env: {} as Cloudflare.Env,
};

const request = (messages: ChatMessage[], over: Partial<ChatRequest> = {}): ChatRequest => chatRequest('gemini', 'gemini-3-pro-preview', messages, over);

const firstPart = (body: string) => JSON.parse(body).candidates[0].content.parts[0];
type Part = Record<string, unknown>;
const modelParts = (body: Record<string, unknown>): Part[] => (body.contents as { role: string; parts: Part[] }[]).find((c) => c.role === 'model')!.parts;

/** The turn after `assistant`, as the adapter sends it upstream. */
async function nextTurnBody(assistant: ChatMessage, tail: ChatMessage[] = [{ role: 'user', content: 'and tomorrow?' }]): Promise<Record<string, unknown>> {
  const seen = stubFetch(jsonAnswer(reasoningBody));
  await geminiAdapter.chat(request([{ role: 'user', content: 'q' }, assistant, ...tail]), call);
  return (await seen[0]!.json()) as Record<string, unknown>;
}

describe('Gemini thought signatures round trip (recorded)', () => {
  it('a signature on answer text is a Gemini reasoning part, and goes back on that text next turn', async () => {
    stubFetch(jsonAnswer(reasoningBody));
    const res = await geminiAdapter.chat(request([{ role: 'user', content: 'q' }]), call);
    const recorded = firstPart(reasoningBody);
    const message = res.choices[0]!.message;
    expect(message.content).toBe(recorded.text);
    expect(message.reasoning).toEqual([{ text: '', signature: recorded.thoughtSignature, source: 'gemini' }]);
    expect(res.usage?.completion_tokens_details).toEqual({ reasoning_tokens: JSON.parse(reasoningBody).usageMetadata.thoughtsTokenCount });
    expect(modelParts(await nextTurnBody(message))).toEqual([{ text: recorded.text, thoughtSignature: recorded.thoughtSignature }]);
  });

  it('a function call’s signature comes back on its call, in place of the placeholder', async () => {
    stubFetch(jsonAnswer(toolBody));
    const res = await geminiAdapter.chat(request([{ role: 'user', content: 'weather?' }]), call);
    const message = res.choices[0]!.message;
    const recorded = firstPart(toolBody);
    expect(message.tool_calls?.[0]?.signature).toBe(recorded.thoughtSignature);
    const body = await nextTurnBody(message, [{ role: 'tool', tool_call_id: message.tool_calls![0]!.id, content: 'sunny' }]);
    expect(modelParts(body)).toEqual([{ functionCall: { name: 'weather', args: recorded.functionCall.args }, thoughtSignature: recorded.thoughtSignature }]);
  });

  it('history Gemini did not sign keeps the documented placeholder; other families’ reasoning is not sent', async () => {
    const body = await nextTurnBody(
      { role: 'assistant', content: null, reasoning: [{ text: 'Claude thought', signature: 'anthropic-sig', source: 'anthropic' }], tool_calls: [{ id: 'c1', type: 'function', function: { name: 'weather', arguments: '{}' } }] },
      [{ role: 'tool', tool_call_id: 'c1', content: 'sunny' }],
    );
    expect(modelParts(body)).toEqual([{ functionCall: { name: 'weather', args: {} }, thoughtSignature: 'skip_thought_signature_validator' }]);
  });
});

describe('Gemini streamed thoughts (recorded)', () => {
  it('thought text streams as reasoning, closed when the calls begin; the first call carries its signature', async () => {
    const wire = thoughtChunks.split('\n').filter((l) => l.trim()).map((l) => `data: ${l}\r\n\r\n`).join('');
    stubFetch(() => new Response(trickle(wire, 97), { status: 200, headers: { 'content-type': 'text/event-stream' } }));
    const stream = await geminiAdapter.chatStream(request([{ role: 'user', content: 'go' }], { stream: true }), call);
    const events: StreamEvent[] = [];
    for await (const batch of stream) events.push(...batch);
    const parts = thoughtChunks.split('\n').filter((l) => l.trim()).flatMap((l) => JSON.parse(l).candidates[0].content.parts as Part[]);
    const thought = parts.filter((p) => p.thought).map((p) => p.text).join('');
    const callSignature = parts.find((p) => p.functionCall && p.thoughtSignature)!.thoughtSignature;

    const assembler = new ResponseAssembler('gemini', 'x');
    for (const e of events) assembler.add(e);
    const message = assembler.response().choices[0]!.message;
    expect(message.reasoning).toEqual([{ text: thought }]);
    expect(message.tool_calls?.map((tc) => [tc.function.name, tc.signature])).toEqual([
      ['read_theme', callSignature],
      ['read_screen', undefined],
      ['read_screen', undefined],
      ['read_screen', undefined],
    ]);
    // The reasoning closed before the first call, so answer and calls stay apart.
    expect(events.findIndex((e) => e.type === 'reasoning-end')).toBeLessThan(events.findIndex((e) => e.type === 'tool-call-delta'));
  });
});

describe('Gemini reasoning and structured-output requests', () => {
  const config = (model: string, reasoning: ReasoningConfig) => toGeminiChatBody(request([{ role: 'user', content: 'hi' }], { model, reasoning })).generationConfig;

  it('maps reasoning to thinkingConfig: Gemini 3 levels, 2.5 budgets, thoughts included', () => {
    expect(config('gemini-3-pro-preview', { effort: 'low' })).toEqual({ thinkingConfig: { thinkingLevel: 'low', includeThoughts: true } });
    expect(config('gemini-3-flash-preview', { effort: 'xhigh' })).toEqual({ thinkingConfig: { thinkingLevel: 'high', includeThoughts: true } });
    expect(config('gemini-2.5-flash', { effort: 'medium' })).toEqual({ thinkingConfig: { thinkingBudget: 8192, includeThoughts: true } });
    expect(config('gemini-2.5-flash', { budgetTokens: 3000 })).toEqual({ thinkingConfig: { thinkingBudget: 3000, includeThoughts: true } });
    expect(config('gemini-2.5-flash', { effort: 'none' })).toEqual({ thinkingConfig: { thinkingBudget: 0 } });
    expect(config('gemini-2.5-pro', { adaptive: true })).toEqual({ thinkingConfig: { thinkingBudget: -1, includeThoughts: true } });
  });

  it('refuses turning thinking off for Gemini 3, naming the provider', () => {
    expect(() => config('gemini-3-pro-preview', { effort: 'none' })).toThrow(expect.objectContaining({ status: 400, param: 'reasoning', message: expect.stringContaining('provider "gemini"') }));
  });

  it('json_schema asks for JSON with the schema; the JSON comes back as the answer text', async () => {
    const schema = { type: 'object', properties: { answer: { type: 'integer' } }, required: ['answer'], additionalProperties: false };
    const seen = stubFetch(jsonAnswer(JSON.stringify({ candidates: [{ content: { role: 'model', parts: [{ text: '{"answer":3}' }] }, finishReason: 'STOP', index: 0 }], modelVersion: 'gemini-3-pro-preview' })));
    const res = await geminiAdapter.chat(request([{ role: 'user', content: 'how many r?' }], { params: { response_format: { type: 'json_schema', json_schema: { name: 'n', schema, strict: true } } } }), call);
    const body = (await seen[0]!.json()) as { generationConfig: Record<string, unknown> };
    expect(body.generationConfig).toEqual({ responseMimeType: 'application/json', responseSchema: { type: 'object', properties: { answer: { type: 'integer' } }, required: ['answer'] } });
    expect(res.choices[0]!.message.content).toBe('{"answer":3}');
    expect(res.choices[0]!.finishReason.unified).toBe('stop');
  });
});
