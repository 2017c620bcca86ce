import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import deepseekChunks from './fixtures/providers/deepseek/deepseek-reasoning.chunks.txt?raw';
import deepseekJson from './fixtures/providers/deepseek/deepseek-reasoning.json?raw';
import geminiTool from '../../shared/fixtures/providers/google/google-tool-call.json?raw';
import { testGateway, upstreamRecord } from './support/gateway';

// Reasoning through /v1/chat/completions as the official OpenAI client sees it, against the mock
// upstream speaking each provider's recorded wire format: reasoning comes back as
// `reasoning_content` (and `reasoning_details` when it has opaque forms), Gemini's call signature as
// `extra_content.google.thought_signature`, and what the client sends back reaches the next turn.

const gw = testGateway();
const client = new OpenAI({ apiKey: 'x', baseURL: 'http://gateway.test/v1', fetch: (url, init) => gw.fetch(new Request(url, init)), maxRetries: 0 });
type Loose = Record<string, unknown>;

describe('reasoning through the OpenAI chat endpoint', () => {
  it('DeepSeek: the answer carries reasoning_content; reasoning tokens are in usage', async () => {
    const res = await client.chat.completions.create({ model: 'deepseek/deepseek-reasoner', messages: [{ role: 'user', content: 'How many r in strawberry?' }] });
    const recorded = JSON.parse(deepseekJson);
    const message = res.choices[0]!.message as unknown as Loose;
    expect(message.reasoning_content).toBe(recorded.choices[0].message.reasoning_content);
    expect(message).not.toHaveProperty('reasoning');
    expect(res.usage?.completion_tokens_details?.reasoning_tokens).toBe(recorded.usage.completion_tokens_details.reasoning_tokens);
  });

  it('DeepSeek streamed: delta.reasoning_content carries the thinking, delta.content the answer', async () => {
    const stream = await client.chat.completions.create({ model: 'deepseek/deepseek-reasoner', messages: [{ role: 'user', content: 'How many r?' }], stream: true });
    let thinking = '';
    let text = '';
    for await (const chunk of stream) {
      const delta = (chunk.choices[0]?.delta ?? {}) as Loose;
      thinking += (delta.reasoning_content as string | undefined) ?? '';
      text += (delta.content as string | undefined) ?? '';
    }
    const deltas = deepseekChunks.split('\n').filter(Boolean).map((l) => JSON.parse(l).choices[0]?.delta ?? {});
    expect(thinking).toBe(deltas.map((d) => d.reasoning_content ?? '').join(''));
    expect(text).toBe(deltas.map((d) => d.content ?? '').join(''));
  });

  it('DeepSeek: reasoning_effort becomes its thinking switch and effort; a tool turn’s reasoning_content goes back', async () => {
    await client.chat.completions.create({
      model: 'deepseek/echo',
      user: 'reasoning-deepseek-1',
      reasoning_effort: 'high',
      messages: [
        { role: 'user', content: 'weather?' },
        { role: 'assistant', content: null, reasoning_content: 'Call the tool.', tool_calls: [{ id: 'c1', type: 'function', function: { name: 'weather', arguments: '{}' } }] } as never,
        { role: 'tool', tool_call_id: 'c1', content: 'sunny' },
      ],
    });
    const { body } = await upstreamRecord('reasoning-deepseek-1');
    expect(body).toMatchObject({ thinking: { type: 'enabled' }, reasoning_effort: 'high' });
    expect((body.messages as Loose[])[1]).toEqual({ role: 'assistant', content: null, reasoning_content: 'Call the tool.', tool_calls: [{ id: 'c1', type: 'function', function: { name: 'weather', arguments: '{}' } }] });
  });

  it('Gemini: the call’s thought signature comes back in extra_content and goes upstream with the call next turn', async () => {
    const first = await client.chat.completions.create({ model: 'gemini/tool-call', messages: [{ role: 'user', content: 'weather in SF?' }] });
    const assistant = first.choices[0]!.message as unknown as Loose;
    const signature = JSON.parse(geminiTool).candidates[0].content.parts[0].thoughtSignature;
    const [tc] = assistant.tool_calls as Loose[];
    expect(tc!.extra_content).toEqual({ google: { thought_signature: signature } });
    expect(tc).not.toHaveProperty('signature');

    // The echo model answers with the body the gateway sent upstream.
    const next = await client.chat.completions.create({
      model: 'gemini/echo',
      messages: [{ role: 'user', content: 'weather in SF?' }, assistant as never, { role: 'tool', tool_call_id: tc!.id as string, content: 'sunny' }],
    });
    const sent = JSON.parse(next.choices[0]!.message.content!) as { contents: { role: string; parts: Loose[] }[] };
    const call = sent.contents.find((c) => c.role === 'model')!.parts.find((p) => p.functionCall)!;
    expect(call.thoughtSignature).toBe(signature);
  });
});

describe('structured output through the OpenAI chat endpoint', () => {
  it('Gemini: response_format json_schema goes upstream as responseMimeType and responseSchema', async () => {
    const schema = { type: 'object', properties: { count: { type: 'integer' } }, required: ['count'], additionalProperties: false };
    const res = await client.chat.completions.create({
      model: 'gemini/echo',
      messages: [{ role: 'user', content: 'How many r in strawberry?' }],
      response_format: { type: 'json_schema', json_schema: { name: 'count', schema, strict: true } },
    });
    const sent = JSON.parse(res.choices[0]!.message.content!) as { generationConfig: Loose };
    expect(sent.generationConfig).toEqual({ responseMimeType: 'application/json', responseSchema: { type: 'object', properties: { count: { type: 'integer' } }, required: ['count'] } });
  });

  it('Gemini: a parameter it cannot honour is a 400 naming it and the provider', async () => {
    const err = (await client.chat.completions.create({ model: 'gemini/gemini-2.5-flash', messages: [{ role: 'user', content: 'hi' }], logit_bias: { 1: 1 } }).catch((e: unknown) => e)) as InstanceType<typeof OpenAI.APIError>;
    expect(err.status).toBe(400);
    expect(err.message).toContain('logit_bias');
    expect(err.message).toContain('gemini');
  });
});
