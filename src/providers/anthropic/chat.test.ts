import { describe, expect, it } from 'vitest';
import textJson from '../../../../shared/fixtures/providers/anthropic/anthropic-text.json?raw';
import toolJson from '../../../../shared/fixtures/providers/anthropic/anthropic-tool-no-args.json?raw';
import { GatewayError } from '../../errors/gateway-error';
import type { ChatMessage, ChatRequest } from '../../types/chat';
import { fromAnthropicChatResponse, toAnthropicChatBody } from './chat';

const request = (messages: ChatMessage[], params: Record<string, unknown> = {}): ChatRequest => ({
  kind: 'chat',
  provider: 'anthropic',
  model: 'claude-sonnet-4-5',
  messages,
  stream: false,
  includeUsage: false,
  fallbacks: [],
  params,
});

describe('toAnthropicChatBody', () => {
  it('moves system and developer messages to `system` and defaults max_tokens', () => {
    const body = toAnthropicChatBody(
      request([
        { role: 'system', content: 'Be brief.' },
        { role: 'developer', content: [{ type: 'text', text: 'Answer in French.' }] },
        { role: 'user', content: 'Hi' },
      ]),
      false,
    );
    expect(body).toEqual({
      model: 'claude-sonnet-4-5',
      system: 'Be brief.\n\nAnswer in French.',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
      max_tokens: 4096,
    });
  });

  it('keeps system blocks when one carries cache_control', () => {
    const body = toAnthropicChatBody(request([{ role: 'system', content: [{ type: 'text', text: 'Long prompt', cache_control: { type: 'ephemeral' } }] }, { role: 'user', content: 'Hi' }]), false);
    expect(body.system).toEqual([{ type: 'text', text: 'Long prompt', cache_control: { type: 'ephemeral' } }]);
  });

  it('translates images, tool calls and tool results, merging turns so roles alternate', () => {
    const body = toAnthropicChatBody(
      request([
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is in these?' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
            { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } },
          ],
        },
        { role: 'user', content: 'And the weather?' },
        {
          role: 'assistant',
          content: 'Let me check.',
          tool_calls: [
            { id: 'toolu_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
            { id: 'toolu_2', type: 'function', function: { name: 'get_time', arguments: '' } },
          ],
        },
        { role: 'tool', tool_call_id: 'toolu_1', content: '18°C' },
        { role: 'tool', tool_call_id: 'toolu_2', content: [{ type: 'text', text: '14:00' }] },
        { role: 'user', content: 'Thanks' },
      ]),
      true,
    );
    expect(body.stream).toBe(true);
    expect(body.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is in these?' },
          { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
          { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } },
          { type: 'text', text: 'And the weather?' },
        ],
      },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Let me check.' },
          { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } },
          { type: 'tool_use', id: 'toolu_2', name: 'get_time', input: {} },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'toolu_1', content: '18°C' },
          { type: 'tool_result', tool_use_id: 'toolu_2', content: [{ type: 'text', text: '14:00' }] },
          { type: 'text', text: 'Thanks' },
        ],
      },
    ]);
  });

  it('translates the parameters Anthropic has', () => {
    const body = toAnthropicChatBody(
      request([{ role: 'user', content: 'Hi' }], {
        max_completion_tokens: 300,
        temperature: 0.2,
        top_p: 0.9,
        stop: 'END',
        user: 'user-42',
        // Neutral values of parameters Anthropic lacks change nothing and pass.
        frequency_penalty: 0,
        n: 1,
        tools: [
          { type: 'function', function: { name: 'get_weather', description: 'Weather by city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } } },
          { type: 'function', function: { name: 'ping' } },
        ],
        tool_choice: { type: 'function', function: { name: 'get_weather' } },
        parallel_tool_calls: false,
      }),
      false,
    );
    expect(body).toEqual({
      model: 'claude-sonnet-4-5',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
      max_tokens: 300,
      temperature: 0.2,
      top_p: 0.9,
      stop_sequences: ['END'],
      metadata: { user_id: 'user-42' },
      tools: [
        { name: 'get_weather', description: 'Weather by city', input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
        { name: 'ping', input_schema: { type: 'object', properties: {} } },
      ],
      tool_choice: { type: 'tool', name: 'get_weather', disable_parallel_tool_use: true },
    });
  });

  it.each([
    ['auto', { type: 'auto' }],
    ['required', { type: 'any' }],
    ['none', { type: 'none' }],
  ])('maps tool_choice %s', (choice, expected) => {
    const tools = [{ type: 'function', function: { name: 'f', parameters: { type: 'object' } } }];
    const body = toAnthropicChatBody(request([{ role: 'user', content: 'Hi' }], { tools, tool_choice: choice, max_tokens: 10, stop: ['a', 'b'] }), false);
    expect(body.tool_choice).toEqual(expected);
    expect(body.max_tokens).toBe(10);
    expect(body.stop_sequences).toEqual(['a', 'b']);
  });

  it('rejects tool arguments that are not a JSON object and image URLs it cannot send', () => {
    const badArgs = request([{ role: 'assistant', content: null, tool_calls: [{ id: 't', type: 'function', function: { name: 'f', arguments: '{oops' } }] }]);
    expect(() => toAnthropicChatBody(badArgs, false)).toThrow(GatewayError);
    const badImage = request([{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'ftp://x/y.png' } }] }]);
    expect(() => toAnthropicChatBody(badImage, false)).toThrowError(expect.objectContaining({ status: 400, param: 'messages[0].content[0].image_url.url' }));
  });
});

describe('fromAnthropicChatResponse on recorded bodies', () => {
  it('translates a text answer', () => {
    const res = fromAnthropicChatResponse('anthropic', 'claude-requested', JSON.parse(textJson));
    expect(res).toMatchObject({
      id: 'msg_01VdEjxAP5ahtHKrrRdNBteQ',
      model: 'claude-sonnet-4-5-20250929',
      provider: 'anthropic',
      choices: [
        {
          index: 0,
          message: { role: 'assistant', content: "Hello! I'm doing well, thanks for asking. How are you doing today? Is there anything I can help you with?" },
          finishReason: { unified: 'stop', raw: 'end_turn' },
        },
      ],
    });
    expect(res.choices[0]?.message.tool_calls).toBeUndefined();
    expect(res.usage).toEqual({ prompt_tokens: 12, completion_tokens: 29, total_tokens: 41, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 });
    expect(res.created).toBeGreaterThan(1_700_000_000);
  });

  it('translates text plus a tool call without arguments', () => {
    const res = fromAnthropicChatResponse('anthropic', 'claude-requested', JSON.parse(toolJson));
    const choice = res.choices[0]!;
    expect(choice.message.content).toMatch(/^<thinking>\nThe updateIssueList tool was provided[\s\S]*Okay, I will update the current issue list:$/);
    expect(choice.message.tool_calls).toEqual([{ id: 'toolu_01LRmxn9vGM1d2DZSDBowdZ1', type: 'function', function: { name: 'updateIssueList', arguments: '{}' } }]);
    expect(choice.finishReason).toEqual({ unified: 'tool_calls', raw: 'tool_use' });
    expect(res.model).toBe('claude-3-opus-20240229');
    expect(res.usage).toMatchObject({ prompt_tokens: 602, completion_tokens: 93, total_tokens: 695 });
  });

  it('gives content null for a tool-only answer and counts cached tokens into the prompt', () => {
    const res = fromAnthropicChatResponse('anthropic', 'claude-requested', {
      id: 'msg_1',
      type: 'message',
      content: [{ type: 'tool_use', id: 'toolu_9', name: 'get_weather', input: { city: 'Oslo' } }],
      stop_reason: 'max_tokens',
      usage: { input_tokens: 3, output_tokens: 4, cache_read_input_tokens: 50, cache_creation_input_tokens: null },
    });
    expect(res.model).toBe('claude-requested');
    expect(res.choices[0]?.message).toEqual({ role: 'assistant', content: null, tool_calls: [{ id: 'toolu_9', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } }] });
    expect(res.choices[0]?.finishReason).toEqual({ unified: 'length', raw: 'max_tokens' });
    expect(res.usage).toEqual({ prompt_tokens: 53, completion_tokens: 4, total_tokens: 57, cache_read_input_tokens: 50 });
  });

  it('rejects a body that is not a message', () => {
    expect(() => fromAnthropicChatResponse('anthropic', 'm', { hello: 'world' })).toThrowError(expect.objectContaining({ status: 502, code: 'invalid_upstream_response' }));
  });
});
