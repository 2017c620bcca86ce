import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import chunks from '../../shared/fixtures/providers/openai/openai-completion-text.chunks.txt?raw';
import recordedJson from '../../shared/fixtures/providers/openai/openai-completion-text.json?raw';
import { testGateway, upstreamRecord } from './support/gateway';

const gw = testGateway();
const client = new OpenAI({ apiKey: 'x', baseURL: 'http://gateway.test/v1', fetch: (url, init) => gw.fetch(new Request(url, init)), maxRetries: 0 });
const recorded = JSON.parse(recordedJson);

describe('POST /v1/completions (legacy)', () => {
  it('goes to the native completions endpoint of an OpenAI-compatible provider', async () => {
    const res = await client.completions.create({ model: 'openai/gpt-3.5-turbo-instruct', prompt: 'Invent a holiday', max_tokens: 16, user: 'cmpl-1' });
    expect(res.object).toBe('text_completion');
    expect(res.choices[0]!.text).toBe(recorded.choices[0].text);
    expect(res.choices[0]!.finish_reason).toBe('length');
    expect(res.usage).toMatchObject({ prompt_tokens: 14, completion_tokens: 16, total_tokens: 30 });
    expect((await upstreamRecord('cmpl-1')).body).toEqual({ model: 'gpt-3.5-turbo-instruct', prompt: 'Invent a holiday', max_tokens: 16, user: 'cmpl-1' });
  });

  it('streams', async () => {
    const stream = await client.completions.create({ model: 'openai/gpt-3.5-turbo-instruct', prompt: 'Invent a holiday', stream: true });
    let text = '';
    for await (const c of stream) text += c.choices[0]?.text ?? '';
    expect(text).toBe(chunks.split('\n').filter(Boolean).map((l) => JSON.parse(l).choices[0]?.text ?? '').join(''));
  });

  it('is answered by a chat-only provider through the prompt as a user message', async () => {
    const res = await client.completions.create({ model: 'anthropic/claude-sonnet-4-5', prompt: 'Say hi', max_tokens: 50 });
    expect(res.choices[0]!.text.length).toBeGreaterThan(5);
  });
});
