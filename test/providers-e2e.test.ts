import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import anthropicChunks from '../../shared/fixtures/providers/anthropic/anthropic-text.chunks.txt?raw';
import anthropicJson from '../../shared/fixtures/providers/anthropic/anthropic-text.json?raw';
import bedrockChunks from '../../shared/fixtures/providers/bedrock/amazon-bedrock-text.chunks.txt?raw';
import bedrockJson from '../../shared/fixtures/providers/bedrock/amazon-bedrock-text.json?raw';
import geminiChunks from '../../shared/fixtures/providers/google/google-text.chunks.txt?raw';
import geminiJson from '../../shared/fixtures/providers/google/google-text.json?raw';
import { testGateway, upstreamRecord } from './support/gateway';

// Each provider behind the gateway, reached by the official OpenAI client, against a mock upstream
// that speaks the provider's own wire format from recorded payloads.
const gw = testGateway();
const client = new OpenAI({ apiKey: 'x', baseURL: 'http://gateway.test/v1', fetch: (url, init) => gw.fetch(new Request(url, init)), maxRetries: 0 });
const ask = [{ role: 'user' as const, content: 'Invent a holiday.' }];

/** A streamed chat through the official client: the text, the last finish reason and usage. */
async function streamed(model: string) {
  const stream = await client.chat.completions.create({ model, messages: ask, stream: true, stream_options: { include_usage: true } });
  let text = '';
  let finish: string | null = null;
  let usage: OpenAI.CompletionUsage | undefined;
  for await (const chunk of stream) {
    text += chunk.choices[0]?.delta?.content ?? '';
    finish = chunk.choices[0]?.finish_reason ?? finish;
    usage = chunk.usage ?? usage;
  }
  return { text, finish, usage };
}

describe('anthropic behind the OpenAI endpoint', () => {
  const recorded = JSON.parse(anthropicJson);
  const streamedText = anthropicChunks
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l))
    .filter((e) => e.type === 'content_block_delta' && e.delta.type === 'text_delta')
    .map((e) => e.delta.text)
    .join('');

  it('non-streaming: text, finish reason and usage as OpenAI reports them', async () => {
    const res = await client.chat.completions.create({ model: 'anthropic/claude-sonnet-4-5', messages: ask, user: 'e2e-anthropic-1' });
    expect(res.choices[0]!.message.content).toBe(recorded.content[0].text);
    expect(res.choices[0]!.finish_reason).toBe('stop');
    expect(res.usage).toMatchObject({ prompt_tokens: recorded.usage.input_tokens, completion_tokens: recorded.usage.output_tokens });
    const sent = await upstreamRecord('e2e-anthropic-1');
    expect(sent.headers['x-api-key']).toBe('sk-ant-test');
    expect(sent.headers['anthropic-version']).toBe('2023-06-01');
    expect(sent.body).toMatchObject({ model: 'claude-sonnet-4-5', max_tokens: 4096, messages: [{ role: 'user', content: [{ type: 'text', text: 'Invent a holiday.' }] }] });
  });

  it('streaming: the exact text and usage', async () => {
    const { text, finish, usage } = await streamed('anthropic/claude-sonnet-4-5');
    expect(text).toBe(streamedText);
    expect(finish).toBe('stop');
    expect(usage?.completion_tokens).toBeGreaterThan(0);
  });
});

describe('bedrock (Converse, SigV4, binary event stream) behind the OpenAI endpoint', () => {
  const recorded = JSON.parse(bedrockJson);
  const streamedText = bedrockChunks
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l).contentBlockDelta?.delta?.text ?? '')
    .join('');

  it('non-streaming', async () => {
    const res = await client.chat.completions.create({ model: 'bedrock/anthropic.claude-3-haiku-20240307-v1:0', messages: ask });
    expect(res.choices[0]!.message.content).toBe(recorded.output.message.content[0].text);
    expect(res.usage).toMatchObject({ prompt_tokens: recorded.usage.inputTokens, completion_tokens: recorded.usage.outputTokens });
  });

  it('streaming', async () => {
    const { text, usage } = await streamed('bedrock/anthropic.claude-3-haiku-20240307-v1:0');
    expect(text).toBe(streamedText);
    expect(usage).toMatchObject({ prompt_tokens: 22, completion_tokens: 55 });
  });
});

describe('gemini (generateContent, streamGenerateContent SSE) behind the OpenAI endpoint', () => {
  const recorded = JSON.parse(geminiJson);
  const streamedText = geminiChunks
    .split('\n')
    .filter(Boolean)
    .flatMap((l) => JSON.parse(l).candidates?.[0]?.content?.parts ?? [])
    .map((p: { text?: string; thought?: boolean }) => (p.thought ? '' : (p.text ?? '')))
    .join('');

  it('non-streaming, with thinking tokens counted as completion tokens', async () => {
    const res = await client.chat.completions.create({ model: 'gemini/gemini-2.5-flash', messages: ask });
    expect(res.choices[0]!.message.content).toBe(recorded.candidates[0].content.parts[0].text);
    expect(res.choices[0]!.finish_reason).toBe('stop');
    expect(res.usage).toMatchObject({ prompt_tokens: 9, completion_tokens: 28 + 244, total_tokens: 281 });
  });

  it('streaming', async () => {
    const { text, usage } = await streamed('gemini/gemini-2.5-flash');
    expect(text).toBe(streamedText);
    expect(text.length).toBeGreaterThan(10);
    expect(usage?.total_tokens).toBeGreaterThan(0);
  });

  it('a blocked prompt is an error, not an empty answer', async () => {
    const err = await client.chat.completions.create({ model: 'gemini/blocked', messages: ask }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect((err as InstanceType<typeof OpenAI.BadRequestError>).code).toBe('content_blocked');
  });
});
