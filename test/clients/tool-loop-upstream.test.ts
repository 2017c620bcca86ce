import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { upstreamUrl } from '../support/gateway';
import { TOOL_RESULT_QUOTE } from '../support/upstreams/tool-loop';

// The scripted tool-loop upstream itself, with the official SDKs pointed straight at it (no
// gateway): the SDKs' own parsers accept what it sends on each API, JSON and streamed, so a
// failure in the gateway's client tests is the gateway's, not the stand-in's.

const openai = () => new OpenAI({ apiKey: 'x', baseURL: `${upstreamUrl()}/openai/v1`, maxRetries: 0 });
const anthropic = () => new Anthropic({ apiKey: 'x', baseURL: `${upstreamUrl()}/anthropic`, maxRetries: 0 });
const weatherParams = { type: 'object', properties: { city: { type: 'string' }, days: { type: 'integer', minimum: 1 } }, required: ['city', 'days'] };

describe('the scripted tool-loop upstream', () => {
  it('Responses: a function call, then text quoting its output (JSON and streamed)', async () => {
    const tools: OpenAI.Responses.Tool[] = [{ type: 'function', name: 'weather', parameters: weatherParams, strict: false }];
    const first = await openai().responses.create({ model: 'tool-loop', input: 'Weather?', tools });
    const call = first.output[0] as OpenAI.Responses.ResponseFunctionToolCall;
    expect(call).toMatchObject({ type: 'function_call', name: 'weather' });
    expect(JSON.parse(call.arguments)).toEqual({ city: 'heimdall', days: 1 });

    const stream = openai().responses.stream({
      model: 'tool-loop',
      input: [{ role: 'user', content: 'Weather?' }, call, { type: 'function_call_output', call_id: call.call_id, output: 'rain' }],
      tools,
    });
    const types = new Set<string>();
    for await (const event of stream) types.add(event.type);
    expect((await stream.finalResponse()).output_text).toBe(`${TOOL_RESULT_QUOTE}rain`);
    expect([...types]).toEqual(expect.arrayContaining(['response.created', 'response.output_text.delta', 'response.completed']));

    const streamedCall = openai().responses.stream({ model: 'tool-loop', input: 'Weather?', tools });
    const final = await streamedCall.finalResponse();
    expect(final.output[0]).toMatchObject({ type: 'function_call', name: 'weather', arguments: '{"city":"heimdall","days":1}' });
  });

  it('chat completions: a streamed tool call the SDK assembles, and JSON for a json_schema format', async () => {
    const tools: OpenAI.ChatCompletionTool[] = [{ type: 'function', function: { name: 'weather', parameters: weatherParams } }];
    const stream = openai().chat.completions.stream({ model: 'tool-loop', messages: [{ role: 'user', content: 'Weather?' }], tools, stream_options: { include_usage: true } });
    const done = await stream.finalChatCompletion();
    expect(done.choices[0]!.finish_reason).toBe('tool_calls');
    expect(done.choices[0]!.message.tool_calls).toMatchObject([{ type: 'function', function: { name: 'weather', arguments: '{"city":"heimdall","days":1}' } }]);
    expect(done.usage?.total_tokens).toBeGreaterThan(0);

    const json = await openai().chat.completions.create({
      model: 'tool-loop',
      messages: [{ role: 'user', content: 'Weather?' }],
      response_format: { type: 'json_schema', json_schema: { name: 'w', schema: weatherParams } },
    });
    expect(JSON.parse(json.choices[0]!.message.content!)).toEqual({ city: 'heimdall', days: 1 });
  });

  it('chat completions: a field OpenAI does not know is its 400', async () => {
    const body = { model: 'tool-loop', messages: [{ role: 'user' as const, content: 'hi' }], thinking: { type: 'enabled' } };
    const err = await openai().chat.completions.create(body as OpenAI.ChatCompletionCreateParamsNonStreaming).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    expect((err as Error).message).toContain('Unrecognized request argument supplied: thinking');
  });

  it('Anthropic Messages: a streamed tool_use the SDK assembles, then text quoting the tool_result', async () => {
    const tools: Anthropic.Tool[] = [{ name: 'weather', input_schema: weatherParams as Anthropic.Tool.InputSchema }];
    const question: Anthropic.MessageParam = { role: 'user', content: 'Weather? \ncall weather {"city":"Oslo","days":3}' };
    const first = await anthropic().messages.stream({ model: 'tool-loop', max_tokens: 100, messages: [question], tools }).finalMessage();
    expect(first.stop_reason).toBe('tool_use');
    const use = first.content.find((b) => b.type === 'tool_use')!;
    expect(use).toMatchObject({ name: 'weather', input: { city: 'Oslo', days: 3 } });

    const second = await anthropic().messages.create({
      model: 'tool-loop',
      max_tokens: 100,
      tools,
      messages: [question, { role: 'assistant', content: first.content }, { role: 'user', content: [{ type: 'tool_result', tool_use_id: use.id, content: 'snow' }] }],
    });
    expect(second.content).toEqual([{ type: 'text', text: `${TOOL_RESULT_QUOTE}snow` }]);
    expect(second.stop_reason).toBe('end_turn');
  });
});
