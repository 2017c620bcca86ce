import { describe, expect, it } from 'vitest';
import textJson from '../../../../shared/fixtures/providers/bedrock/amazon-bedrock-text.json?raw';
import toolJson from '../../../../shared/fixtures/providers/bedrock/amazon-bedrock-tool-call.1.json?raw';
import type { ChatRequest } from '../../types/chat';
import { fromConverseResponse, toConverseBody } from './chat';

const request = (over: Partial<Omit<ChatRequest, 'kind'>>): ChatRequest => ({
  kind: 'chat',
  provider: 'bedrock',
  model: 'anthropic.claude-3-5-haiku-20241022-v1:0',
  messages: [{ role: 'user', content: 'Hi' }],
  stream: false,
  includeUsage: false,
  fallbacks: [],
  params: {},
  ...over,
});

describe('Converse request translation', () => {
  it('moves system and developer messages to system and merges consecutive turns of one role', () => {
    const body = toConverseBody(request({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'developer', content: [{ type: 'text', text: 'Answer in English.' }] },
        { role: 'user', content: 'Hello' },
        { role: 'user', content: [{ type: 'text', text: 'Are you there?' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } }] },
      ],
    }));
    expect(body).toEqual({
      system: [{ text: 'Be brief.' }, { text: 'Answer in English.' }],
      messages: [
        { role: 'user', content: [{ text: 'Hello' }, { text: 'Are you there?' }, { image: { format: 'png', source: { bytes: 'iVBORw0KGgo=' } } }] },
      ],
    });
  });

  it('turns tool calls into toolUse blocks and tool messages into one user turn of toolResults', () => {
    const body = toConverseBody(request({
      messages: [
        { role: 'user', content: 'Weather in Paris and Rome?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'tooluse_1', type: 'function', function: { name: 'weather', arguments: '{"city":"Paris"}' } },
            { id: 'tooluse_2', type: 'function', function: { name: 'weather', arguments: '{"city":"Rome"}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'tooluse_1', content: '18°C' },
        { role: 'tool', tool_call_id: 'tooluse_2', content: [{ type: 'text', text: '24°C' }] },
      ],
    }));
    expect(body.messages).toEqual([
      { role: 'user', content: [{ text: 'Weather in Paris and Rome?' }] },
      {
        role: 'assistant',
        content: [
          { toolUse: { toolUseId: 'tooluse_1', name: 'weather', input: { city: 'Paris' } } },
          { toolUse: { toolUseId: 'tooluse_2', name: 'weather', input: { city: 'Rome' } } },
        ],
      },
      {
        role: 'user',
        content: [
          { toolResult: { toolUseId: 'tooluse_1', content: [{ text: '18°C' }] } },
          { toolResult: { toolUseId: 'tooluse_2', content: [{ text: '24°C' }] } },
        ],
      },
    ]);
  });

  it('refuses a parameter Converse has no field for, naming it and the provider', () => {
    expect(() => toConverseBody(request({ params: { seed: 7 } }))).toThrow(expect.objectContaining({ status: 400, param: 'seed', message: expect.stringContaining('provider "bedrock"') }));
  });

  it('maps sampling parameters to inferenceConfig and tools to toolConfig', () => {
    const parameters = { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] };
    const body = toConverseBody(request({
      params: {
        max_tokens: 100,
        temperature: 0.2,
        top_p: 0.9,
        stop: 'END',
        user: 'u-1',
        tools: [{ type: 'function', function: { name: 'weather', description: 'Current weather', parameters } }],
        tool_choice: { type: 'function', function: { name: 'weather' } },
      },
    }));
    expect(body.inferenceConfig).toEqual({ maxTokens: 100, temperature: 0.2, topP: 0.9, stopSequences: ['END'] });
    expect(body.toolConfig).toEqual({
      tools: [{ toolSpec: { name: 'weather', description: 'Current weather', inputSchema: { json: parameters } } }],
      toolChoice: { tool: { name: 'weather' } },
    });
    expect(body).not.toHaveProperty('seed');
  });

  it.each([
    ['auto', { auto: {} }],
    ['required', { any: {} }],
  ])('maps tool_choice %s', (choice, expected) => {
    const body = toConverseBody(request({ params: { tools: [{ type: 'function', function: { name: 'f' } }], tool_choice: choice, max_completion_tokens: 5 } }));
    expect(body.toolConfig).toEqual({ tools: [{ toolSpec: { name: 'f', inputSchema: { json: { type: 'object', properties: {} } } } }], toolChoice: expected });
    expect(body.inferenceConfig).toEqual({ maxTokens: 5 });
  });

  it('leaves tools out for tool_choice none and adds no empty configs', () => {
    const body = toConverseBody(request({ params: { tools: [{ type: 'function', function: { name: 'f' } }], tool_choice: 'none' } }));
    expect(body).toEqual({ messages: [{ role: 'user', content: [{ text: 'Hi' }] }] });
  });

  it('refuses images given by https URL and unknown part types with a 400', () => {
    const image = request({ messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'https://example.com/a.png' } }] }] });
    expect(() => toConverseBody(image)).toThrow(expect.objectContaining({ status: 400, code: 'unsupported_image' }));
    const audio = request({ messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: { data: '', format: 'wav' } }] }] });
    expect(() => toConverseBody(audio)).toThrow(expect.objectContaining({ status: 400, code: 'unsupported_content' }));
  });
});

describe('Converse response translation on recorded bodies', () => {
  it('reads the text, stop reason and usage with cache counts', () => {
    const res = fromConverseResponse('bedrock', 'anthropic.claude-3-5-haiku-20241022-v1:0', 'req-9', JSON.parse(textJson));
    expect(res).toMatchObject({ id: 'chatcmpl-req-9', model: 'anthropic.claude-3-5-haiku-20241022-v1:0', provider: 'bedrock' });
    expect(res.choices).toEqual([
      {
        index: 0,
        message: { role: 'assistant', content: 'Let me count the "r"s in "strawberry":\n\ns-t-**r**-a-w-b-e-**r**-**r**-y\n\nThere are **3** "r"s in "strawberry."' },
        finishReason: { unified: 'stop', raw: 'end_turn' },
      },
    ]);
    expect(res.usage).toEqual({ prompt_tokens: 22, completion_tokens: 57, total_tokens: 79, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 });
  });

  it('reads toolUse blocks as tool calls', () => {
    const res = fromConverseResponse('bedrock', 'm', 'req-9', JSON.parse(toolJson));
    expect(res.choices[0]).toEqual({
      index: 0,
      message: { role: 'assistant', content: null, tool_calls: [{ id: 'tool-use-id', type: 'function', function: { name: 'bash', arguments: '{"command":"ls -l"}' } }] },
      finishReason: { unified: 'tool_calls', raw: 'tool_use' },
    });
    expect(res.usage).toEqual({ prompt_tokens: 10, completion_tokens: 20, total_tokens: 30 });
  });

  it.each([
    ['max_tokens', 'length'],
    ['stop_sequence', 'stop'],
    ['guardrail_intervened', 'content_filter'],
    ['content_filtered', 'content_filter'],
    ['something_new', 'other'],
  ])('maps stopReason %s to %s', (raw, unified) => {
    const res = fromConverseResponse('bedrock', 'm', 'r', { ...JSON.parse(textJson), stopReason: raw });
    expect(res.choices[0]!.finishReason).toEqual({ unified, raw });
  });

  it('answers 502 for a body that is not a Converse response', () => {
    expect(() => fromConverseResponse('bedrock', 'm', 'r', { foo: 1 })).toThrow(expect.objectContaining({ status: 502, code: 'invalid_upstream_response' }));
  });
});
