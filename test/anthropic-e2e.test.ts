import Anthropic from '@anthropic-ai/sdk';
import { jsonSchemaOutputFormat } from '@anthropic-ai/sdk/helpers/json-schema';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import jsonToolFixture from './fixtures/providers/anthropic/anthropic-json-tool.json?raw';
import redactedFixture from './fixtures/providers/anthropic/anthropic-redacted-thinking.json?raw';
import thinkingChunks from './fixtures/providers/anthropic/anthropic-thinking.chunks.txt?raw';
import thinkingFixture from './fixtures/providers/anthropic/anthropic-thinking.json?raw';
import { testGateway, upstreamRecord } from './support/gateway';

// The official Anthropic client against the Worker's Anthropic dialect, answered by the Anthropic
// provider, whose mock upstream replays Anthropic's recorded answers (test/fixtures/README.md).

const gw = testGateway();
const client = new Anthropic({
  apiKey: 'unused-by-the-gateway',
  baseURL: 'http://gateway.test/anthropic',
  fetch: (url, init) => gw.fetch(new Request(url as string, init as RequestInit)),
  maxRetries: 0,
});
const openai = new OpenAI({ apiKey: 'unused', baseURL: 'http://gateway.test/v1', fetch: (url, init) => gw.fetch(new Request(url as string, init as RequestInit)), maxRetries: 0 });
const REDACTED_TRIGGER = 'ANTHROPIC_MAGIC_STRING_TRIGGER_REDACTED_THINKING_46C9A13E193C177646C7398A98432ECCCE4C1253D5E2D82641AC0E52CC2876CB';
const recordedThinking = JSON.parse(thinkingFixture).content[0] as { thinking: string; signature: string };
const tag = (id: string) => ({ metadata: { user_id: id } });

describe('thinking through the Anthropic dialect to an Anthropic target', () => {
  it('asks thinking upstream, answers the thinking block with its signature, and sends it back on the next turn', async () => {
    const question = { role: 'user' as const, content: 'What is 925 / 5?' };
    const first = await client.messages.create({ model: 'anthropic/claude-sonnet-4-5', max_tokens: 16_000, thinking: { type: 'enabled', budget_tokens: 10_000 }, messages: [question], ...tag('ae-think-1') });
    expect((await upstreamRecord('ae-think-1')).body.thinking).toEqual({ type: 'enabled', budget_tokens: 10_000 });
    expect(first.content[0]).toEqual({ type: 'thinking', thinking: recordedThinking.thinking, signature: recordedThinking.signature });
    expect(first.content[1]).toMatchObject({ type: 'text', text: '925 ÷ 5 = 185' });

    await client.messages.create({
      model: 'anthropic/claude-sonnet-4-5',
      max_tokens: 16_000,
      thinking: { type: 'enabled', budget_tokens: 10_000 },
      messages: [question, { role: 'assistant', content: first.content as Anthropic.ContentBlockParam[] }, { role: 'user', content: 'Times two?' }],
      ...tag('ae-think-2'),
    });
    const sent = (await upstreamRecord('ae-think-2')).body.messages as { role: string; content: unknown[] }[];
    expect(sent[1]).toEqual({ role: 'assistant', content: [{ type: 'thinking', thinking: recordedThinking.thinking, signature: recordedThinking.signature }, { type: 'text', text: '925 ÷ 5 = 185' }] });
  });

  it('passes redacted thinking to the client and back upstream unchanged', async () => {
    const question = { role: 'user' as const, content: REDACTED_TRIGGER };
    const first = await client.messages.create({ model: 'anthropic/claude-3-7-sonnet-20250219', max_tokens: 4000, thinking: { type: 'enabled', budget_tokens: 2000 }, messages: [question] });
    const data = JSON.parse(redactedFixture).content[1].data;
    expect(first.content.map((b) => b.type)).toEqual(['thinking', 'redacted_thinking', 'text']);
    expect(first.content[1]).toEqual({ type: 'redacted_thinking', data });

    await client.messages.create({
      model: 'anthropic/claude-3-7-sonnet-20250219',
      max_tokens: 4000,
      thinking: { type: 'enabled', budget_tokens: 2000 },
      messages: [question, { role: 'assistant', content: first.content as Anthropic.ContentBlockParam[] }, { role: 'user', content: 'Go on.' }],
      ...tag('ae-redacted-2'),
    });
    const sent = (await upstreamRecord('ae-redacted-2')).body.messages as { content: { type: string; data?: string }[] }[];
    expect(sent[1]!.content.map((b) => b.type)).toEqual(['thinking', 'redacted_thinking', 'text']);
    expect(sent[1]!.content[1]).toEqual({ type: 'redacted_thinking', data });
  });

  it('streams thinking_delta and signature_delta events, and the SDK assembles the signed block', async () => {
    const stream = client.messages.stream({ model: 'anthropic/claude-sonnet-4-6', max_tokens: 8000, thinking: { type: 'adaptive' }, output_config: { effort: 'medium' }, messages: [{ role: 'user', content: 'And 925 / 5?' }], ...tag('ae-think-stream') });
    const deltas: string[] = [];
    for await (const event of stream) if (event.type === 'content_block_delta') deltas.push(event.delta.type);
    const final = await stream.finalMessage();
    const signature = thinkingChunks.split('\n').filter(Boolean).map((l) => JSON.parse(l)).find((e) => e.delta?.type === 'signature_delta').delta.signature;
    expect(deltas.filter((d) => d === 'signature_delta')).toHaveLength(1);
    expect(deltas.indexOf('signature_delta')).toBeLessThan(deltas.indexOf('text_delta'));
    expect(final.content[0]).toEqual({ type: 'thinking', thinking: 'The previous result was 925. Now I need to divide that by 5.\n\n925 ÷ 5 = 185', signature });
    expect(final.content[1]).toMatchObject({ type: 'text', text: '925 ÷ 5 = 185' });
    expect((await upstreamRecord('ae-think-stream')).body).toMatchObject({ thinking: { type: 'adaptive' }, output_config: { effort: 'medium' }, stream: true });
  });
});

describe('structured output with messages.parse', () => {
  const recipe = jsonSchemaOutputFormat({
    type: 'object',
    properties: { recipe: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'] } },
    required: ['recipe'],
  } as const);

  it('goes to Anthropic as output_config.format on a model that has it, and the SDK parses the answer', async () => {
    const msg = await client.messages.parse({ model: 'anthropic/claude-sonnet-4-5', max_tokens: 1000, messages: [{ role: 'user', content: 'A lasagna recipe.' }], output_config: { format: recipe }, ...tag('ae-parse-native') });
    expect((msg.parsed_output as { recipe: { name: string } }).recipe.name).toBe('Classic Lasagna');
    const sent = (await upstreamRecord('ae-parse-native')).body;
    expect(sent.output_config).toEqual({ format: { type: 'json_schema', schema: recipe.schema } });
    expect(sent).not.toHaveProperty('tools');
  });

  it('goes as a forced tool on a model without it, and the SDK parses the tool\'s input as the text', async () => {
    const msg = await client.messages.parse({ model: 'anthropic/claude-3-5-haiku-latest', max_tokens: 1000, messages: [{ role: 'user', content: 'Weather in four cities.' }], output_config: { format: recipe }, ...tag('ae-parse-tool') });
    expect(msg.parsed_output).toEqual(JSON.parse(jsonToolFixture).content[0].input);
    expect(msg.stop_reason).toBe('end_turn');
    expect(msg.content).toHaveLength(1);
    const sent = (await upstreamRecord('ae-parse-tool')).body;
    expect(sent.tools).toEqual([{ name: 'response', description: 'Respond with a JSON object.', input_schema: recipe.schema }]);
    expect(sent.tool_choice).toEqual({ type: 'tool', name: 'response', disable_parallel_tool_use: true });
    expect(sent).not.toHaveProperty('output_config');
  });
});

describe('prompt caching, betas and token counting', () => {
  const mark = { type: 'ephemeral' as const };

  it('keeps cache_control on system blocks, messages and tools, and reports and prices the cache write', async () => {
    const msg = await client.messages.create({
      model: 'anthropic/claude-sonnet-4-5',
      max_tokens: 500,
      system: [{ type: 'text', text: 'You analyse novels.' }, { type: 'text', text: 'The whole of Pride and Prejudice …', cache_control: mark }],
      tools: [{ name: 'lookup', description: 'Look up a chapter', input_schema: { type: 'object', properties: { n: { type: 'number' } } }, cache_control: mark }],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Analyse the major themes.', cache_control: mark }] }],
      ...tag('ae-cache'),
    });
    const sent = (await upstreamRecord('ae-cache')).body;
    expect(sent.system).toEqual([{ type: 'text', text: 'You analyse novels.' }, { type: 'text', text: 'The whole of Pride and Prejudice …', cache_control: mark }]);
    expect(sent.tools).toEqual([{ name: 'lookup', description: 'Look up a chapter', input_schema: { type: 'object', properties: { n: { type: 'number' } } }, cache_control: mark }]);
    expect(sent.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'Analyse the major themes.', cache_control: mark }] }]);
    // Anthropic's documented first-call usage, passed on as Anthropic counts it.
    expect(msg.usage).toMatchObject({ input_tokens: 21, cache_creation_input_tokens: 188086, cache_read_input_tokens: 0, output_tokens: 393 });
    // Sonnet 4.5: $3/M input, writes at 1.25×, $15/M output.
    const cost = (msg as unknown as { extra_fields: { cost: number } }).extra_fields.cost;
    expect(cost).toBeCloseTo((21 * 3 + 188086 * 3.75 + 393 * 15) / 1e6, 9);
  });

  it('streams the cache counts in message_delta', async () => {
    const stream = client.messages.stream({ model: 'anthropic/claude-sonnet-4-5', max_tokens: 500, system: [{ type: 'text', text: 'Long prompt', cache_control: mark }], messages: [{ role: 'user', content: 'Hi' }] });
    const final = await stream.finalMessage();
    expect(final.usage).toMatchObject({ input_tokens: 21, cache_creation_input_tokens: 188086, cache_read_input_tokens: 0 });
  });

  it('forwards anthropic-beta to the Anthropic upstream, for messages and countTokens', async () => {
    await client.beta.messages.create({ model: 'anthropic/claude-sonnet-4-5', max_tokens: 100, betas: ['context-management-2025-06-27'], messages: [{ role: 'user', content: 'Hi' }], ...tag('ae-beta') });
    expect((await upstreamRecord('ae-beta')).headers['anthropic-beta']).toBe('context-management-2025-06-27');
    const counted = await client.messages.countTokens(
      { model: 'anthropic/claude-sonnet-4-5', messages: [{ role: 'user', content: 'How many tokens?' }] },
      { headers: { 'anthropic-beta': 'token-counting-2024-11-01' } },
    );
    expect(counted.input_tokens).toBe(JSON.stringify([{ role: 'user', content: [{ type: 'text', text: 'How many tokens?' }] }]).length);
  });
});

describe('an OpenAI chat client on an Anthropic target', () => {
  const schema = { type: 'object', properties: { recipe: { type: 'object', properties: { name: { type: 'string' } }, required: ['name'], additionalProperties: false } }, required: ['recipe'], additionalProperties: false };
  const response_format = { type: 'json_schema' as const, json_schema: { name: 'recipe', schema, strict: true } };

  it('gets structured output from output_config.format, as JSON content', async () => {
    const res = await openai.chat.completions.create({ model: 'anthropic/claude-sonnet-4-5', messages: [{ role: 'user', content: 'A lasagna recipe.' }], response_format, user: 'ae-oai-native' });
    expect(JSON.parse(res.choices[0]!.message.content!).recipe.name).toBe('Classic Lasagna');
    expect((await upstreamRecord('ae-oai-native')).body.output_config).toEqual({ format: { type: 'json_schema', schema } });
  });

  it('gets structured output from the forced tool on an older model, with finish_reason stop', async () => {
    const res = await openai.chat.completions.create({ model: 'anthropic/claude-3-5-haiku-latest', messages: [{ role: 'user', content: 'Weather.' }], response_format, user: 'ae-oai-tool' });
    expect(JSON.parse(res.choices[0]!.message.content!)).toEqual(JSON.parse(jsonToolFixture).content[0].input);
    expect(res.choices[0]!.finish_reason).toBe('stop');
    expect(res.choices[0]!.message.tool_calls ?? []).toEqual([]);
    expect((await upstreamRecord('ae-oai-tool')).body.tool_choice).toEqual({ type: 'tool', name: 'recipe', disable_parallel_tool_use: true });
  });

  it('turns reasoning_effort into thinking, and the signed thinking it gets back into the next turn', async () => {
    const first = await openai.chat.completions.create({ model: 'anthropic/claude-sonnet-4-5', messages: [{ role: 'user', content: 'What is 925 / 5?' }], reasoning_effort: 'medium', user: 'ae-oai-think-1' });
    expect((await upstreamRecord('ae-oai-think-1')).body).toMatchObject({ thinking: { type: 'enabled', budget_tokens: 8192 }, max_tokens: 8192 + 4096 });
    const message = first.choices[0]!.message as OpenAI.ChatCompletionMessage & { reasoning_content?: string };
    expect(message.reasoning_content).toBe(recordedThinking.thinking);

    await openai.chat.completions.create({
      model: 'anthropic/claude-sonnet-4-5',
      messages: [{ role: 'user', content: 'What is 925 / 5?' }, message as OpenAI.ChatCompletionAssistantMessageParam, { role: 'user', content: 'Times two?' }],
      reasoning_effort: 'medium',
      user: 'ae-oai-think-2',
    });
    const sent = (await upstreamRecord('ae-oai-think-2')).body.messages as { content: unknown[] }[];
    expect(sent[1]!.content[0]).toEqual({ type: 'thinking', thinking: recordedThinking.thinking, signature: recordedThinking.signature });
  });
});
