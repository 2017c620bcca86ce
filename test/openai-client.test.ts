import { createExecutionContext, env } from 'cloudflare:test';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import fixture from '../../shared/fixtures/providers/openai/openai-text.chunks.txt?raw';
import { createGateway } from '../src/gateway';
import { testGateway, USER_HELLO } from './support/gateway';

const gw = testGateway();
// The official client, pointed at the Worker: its fetch goes straight into the gateway's handler.
const client = new OpenAI({
  apiKey: 'unused-by-the-gateway',
  baseURL: 'http://gateway.test/v1',
  fetch: (url, init) => gw.fetch(new Request(url, init)),
  maxRetries: 0,
});

describe('the official openai npm client', () => {
  it('completes a chat', async () => {
    const completion = await client.chat.completions.create({ model: 'openai/gpt-4.1-nano', messages: USER_HELLO as OpenAI.ChatCompletionMessageParam[] });
    expect(completion.choices[0]!.message.content).toMatch(/Galaxy Day/);
    expect(completion.usage?.total_tokens).toBe(379);
  });

  it('completes a streamed chat with usage', async () => {
    const stream = await client.chat.completions.create({
      model: 'openai/gpt-4.1-nano',
      messages: USER_HELLO as OpenAI.ChatCompletionMessageParam[],
      stream: true,
      stream_options: { include_usage: true },
    });
    let text = '';
    let finish: string | null = null;
    let total: number | undefined;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta?.content ?? '';
      finish = chunk.choices[0]?.finish_reason ?? finish;
      total = chunk.usage?.total_tokens ?? total;
    }
    const expected = fixture.split('\n').filter(Boolean).map((l) => JSON.parse(l).choices[0]?.delta?.content ?? '').join('');
    expect(text).toBe(expected);
    expect(finish).toBe('stop');
    expect(total).toBe(316);
  });

  it('surfaces gateway errors as the client\'s typed API errors', async () => {
    const err = await client.chat.completions.create({ model: 'nosuch/x', messages: USER_HELLO as OpenAI.ChatCompletionMessageParam[] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect((err as InstanceType<typeof OpenAI.BadRequestError>).code).toBe('unknown_provider');
  });

  it('talks to the shipped default config, answered offline by the mocker where npm start runs it', async () => {
    const { default: config } = await import('../config.json');
    const { bundledPlugins } = await import('../plugins');
    const shipped = createGateway({ config, plugins: bundledPlugins });
    const offline = new OpenAI({
      apiKey: 'x',
      baseURL: 'http://gateway.test/v1',
      fetch: (url, init) => Promise.resolve(shipped.fetch!(new Request(url, init) as Request<unknown, IncomingRequestCfProperties>, { ...env, HEIMDALL_OFFLINE_DEMO: '1' } as Cloudflare.Env, createExecutionContext())),
      maxRetries: 0,
    });
    const completion = await offline.chat.completions.create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] });
    expect(completion.choices[0]!.message.content).toMatch(/^Hello from Heimdall's mocker: openai\/gpt-4o-mini was not called/);
  });
});
