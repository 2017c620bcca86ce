import { describe, expect, it } from 'vitest';
import formatChunks from '../../../test/fixtures/providers/anthropic/anthropic-json-output-format.chunks.txt?raw';
import formatJson from '../../../test/fixtures/providers/anthropic/anthropic-json-output-format.json?raw';
import toolChunks from '../../../test/fixtures/providers/anthropic/anthropic-json-tool.chunks.txt?raw';
import toolJson from '../../../test/fixtures/providers/anthropic/anthropic-json-tool.json?raw';
import { decodeSse } from '../../streams/decode-sse';
import type { ChatRequest, StreamEvent } from '../../types/chat';
import { trickle, typedSse } from '../recorded-stream.test-support';
import { answerToolOf, fromAnthropicChatResponse, toAnthropicChatBody } from './chat';
import { anthropicChatStreamTranslator } from './chat-stream';

const schema = { type: 'object', properties: { elements: { type: 'array', items: { type: 'object' } } }, required: ['elements'], additionalProperties: false };
const jsonSchema = { type: 'json_schema', json_schema: { name: 'json', schema, strict: true } };

const request = (model: string, params: Record<string, unknown>): ChatRequest => ({
  kind: 'chat',
  provider: 'anthropic',
  model,
  messages: [{ role: 'user', content: 'Weather in four cities?' }],
  stream: false,
  includeUsage: false,
  fallbacks: [],
  params,
});

async function translate(wire: string, answerTool?: string): Promise<StreamEvent[]> {
  const events: StreamEvent[] = [];
  for await (const batch of anthropicChatStreamTranslator('anthropic', 'claude-x', answerTool)(decodeSse(trickle(wire, 17)))) events.push(...batch);
  return events;
}
const text = (events: StreamEvent[]) => events.flatMap((e) => (e.type === 'text-delta' ? [e.text] : [])).join('');

describe('response_format json_schema on a model with structured outputs', () => {
  it('asks output_config.format, with no tool and no beta header needed', () => {
    const body = toAnthropicChatBody(request('claude-sonnet-4-5', { response_format: jsonSchema }), false);
    expect(body.output_config).toEqual({ format: { type: 'json_schema', schema } });
    expect(body).not.toHaveProperty('tools');
    expect(answerToolOf(request('claude-sonnet-4-5', { response_format: jsonSchema }))).toBeUndefined();
  });

  it('reads the recorded answer as the JSON text, streamed or not', async () => {
    const res = fromAnthropicChatResponse('anthropic', 'claude-sonnet-4-5', JSON.parse(formatJson));
    expect(JSON.parse(res.choices[0]!.message.content as string).recipe.name).toBe('Classic Lasagna');
    const events = await translate(typedSse(formatChunks));
    expect(JSON.parse(text(events)).characters[0].name).toBe('Theron Ironheart');
  });
});

describe('response_format without native structured outputs: a forced answer tool', () => {
  it('forces one tool whose input schema is the schema', () => {
    const body = toAnthropicChatBody(request('claude-3-5-haiku-latest', { response_format: jsonSchema }), false);
    expect(body.tools).toEqual([{ name: 'json', description: 'Respond with a JSON object.', input_schema: schema }]);
    expect(body.tool_choice).toEqual({ type: 'tool', name: 'json', disable_parallel_tool_use: true });
    expect(body).not.toHaveProperty('output_config');
  });

  it('turns the recorded tool answer into text with finish reason stop', () => {
    const res = fromAnthropicChatResponse('anthropic', 'claude-3-5-haiku-latest', JSON.parse(toolJson), 'json');
    const choice = res.choices[0]!;
    expect(JSON.parse(choice.message.content as string)).toEqual(JSON.parse(toolJson).content[0].input);
    expect(choice.message.tool_calls).toBeUndefined();
    expect(choice.finishReason).toEqual({ unified: 'stop', raw: 'tool_use' });
  });

  it('streams the tool input as text and finishes with stop', async () => {
    const events = await translate(typedSse(toolChunks), 'json');
    expect(JSON.parse(text(events))).toEqual({ elements: [{ location: 'San Francisco', temperature: 58, condition: 'sunny' }] });
    expect(events.some((e) => e.type === 'tool-call-delta')).toBe(false);
    expect(events.at(-1)).toMatchObject({ type: 'finish', finishReason: { unified: 'stop', raw: 'tool_use' } });
  });

  it('lets the client\'s own tools be called alongside (tool_choice any)', () => {
    const tools = [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } }];
    const body = toAnthropicChatBody(request('claude-3-5-haiku-latest', { response_format: jsonSchema, tools }), false);
    expect((body.tools as { name: string }[]).map((t) => t.name)).toEqual(['get_weather', 'json']);
    expect(body.tool_choice).toEqual({ type: 'any' });
  });

  it('answers json_object with an open object schema on every model', () => {
    const body = toAnthropicChatBody(request('claude-sonnet-4-5', { response_format: { type: 'json_object' } }), false);
    expect(body.tools).toEqual([{ name: 'json', description: 'Respond with a JSON object.', input_schema: { type: 'object' } }]);
    expect(body.tool_choice).toMatchObject({ type: 'tool', name: 'json' });
  });

  it('refuses what it cannot honour, naming response_format', () => {
    const cannot = [
      { response_format: jsonSchema, tool_choice: { type: 'function', function: { name: 'f' } }, tools: [{ type: 'function', function: { name: 'f' } }] },
      { response_format: { type: 'json_schema', json_schema: { name: 'list', schema: { type: 'array' } } } },
      { response_format: { type: 'xml' } },
    ];
    for (const params of cannot) expect(() => toAnthropicChatBody(request('claude-3-5-haiku-latest', params), false)).toThrow(expect.objectContaining({ status: 400, param: 'response_format' }));
    const thinking: ChatRequest = { ...request('claude-3-7-sonnet-20250219', { response_format: jsonSchema }), reasoning: { budgetTokens: 2000 } };
    expect(() => toAnthropicChatBody(thinking, false)).toThrow(/response_format is not supported by provider anthropic together with reasoning/);
  });
});
