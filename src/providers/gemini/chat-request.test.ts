import { describe, expect, it } from 'vitest';
import type { ChatMessage, ChatRequest } from '../../types/chat';
import { toGeminiChatBody } from './chat-request';
import { toOpenApiSchema } from './to-openapi-schema';

const request = (messages: ChatMessage[], params: Record<string, unknown> = {}): ChatRequest => ({
  kind: 'chat',
  provider: 'gemini',
  model: 'gemini-2.5-flash',
  messages,
  stream: false,
  includeUsage: false,
  fallbacks: [],
  params,
});

describe('Gemini request translation: messages', () => {
  it('moves system and developer text to systemInstruction and maps roles', () => {
    const body = toGeminiChatBody(
      request([
        { role: 'system', content: 'Be brief.' },
        { role: 'developer', content: [{ type: 'text', text: 'Answer in French.' }] },
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Bonjour' },
        { role: 'user', content: [{ type: 'text', text: 'How are ' }, { type: 'text', text: 'you?' }] },
      ]),
    );
    expect(body).toEqual({
      systemInstruction: { parts: [{ text: 'Be brief.' }, { text: 'Answer in French.' }] },
      contents: [
        { role: 'user', parts: [{ text: 'Hi' }] },
        { role: 'model', parts: [{ text: 'Bonjour' }] },
        { role: 'user', parts: [{ text: 'How are ' }, { text: 'you?' }] },
      ],
    });
  });

  it('sends data URLs inline and https URLs as file data with a guessed MIME type', () => {
    const body = toGeminiChatBody(
      request([
        {
          role: 'user',
          content: [
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
            { type: 'image_url', image_url: { url: 'https://example.com/cat.JPG?size=large', detail: 'high' } },
            { type: 'image_url', image_url: { url: 'https://example.com/render' } },
            { type: 'input_audio', input_audio: { data: 'UklGRg==', format: 'wav' } },
          ],
        },
      ]),
    );
    expect(body.contents).toEqual([
      {
        role: 'user',
        parts: [
          { inlineData: { mimeType: 'image/png', data: 'iVBORw0KGgo=' } },
          { fileData: { fileUri: 'https://example.com/cat.JPG?size=large', mimeType: 'image/jpeg' } },
          { fileData: { fileUri: 'https://example.com/render', mimeType: 'image/*' } },
          { inlineData: { mimeType: 'audio/wav', data: 'UklGRg==' } },
        ],
      },
    ]);
  });

  it('turns tool calls into functionCall parts and tool results into one user turn named by call id', () => {
    const body = toGeminiChatBody(
      request([
        { role: 'user', content: 'Weather and time in Oslo?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'call_0', type: 'function', function: { name: 'weather', arguments: '{"city":"Oslo"}' } },
            { id: 'call_1', type: 'function', function: { name: 'time', arguments: '' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_1', content: '12:00' },
        { role: 'tool', tool_call_id: 'call_0', content: [{ type: 'text', text: '{"temp":3}' }] },
        { role: 'assistant', content: 'Checking again.', tool_calls: [{ id: 'call_0', type: 'function', function: { name: 'forecast', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 'call_0', content: 'snow' },
        { role: 'tool', tool_call_id: 'lost', name: 'forecast', content: 'more snow' },
      ]),
    );
    expect(body.contents).toEqual([
      { role: 'user', parts: [{ text: 'Weather and time in Oslo?' }] },
      {
        role: 'model',
        parts: [
          { functionCall: { name: 'weather', args: { city: 'Oslo' } }, thoughtSignature: 'skip_thought_signature_validator' },
          { functionCall: { name: 'time', args: {} } },
        ],
      },
      {
        role: 'user',
        parts: [
          { functionResponse: { name: 'time', response: { content: '12:00' } } },
          { functionResponse: { name: 'weather', response: { content: '{"temp":3}' } } },
        ],
      },
      {
        role: 'model',
        parts: [{ text: 'Checking again.' }, { functionCall: { name: 'forecast', args: {} }, thoughtSignature: 'skip_thought_signature_validator' }],
      },
      // Gemini reuses `call_0` across turns: the nearest earlier call names the response.
      // …and a legacy `name` on the tool message stands in for an unknown id.
      {
        role: 'user',
        parts: [
          { functionResponse: { name: 'forecast', response: { content: 'snow' } } },
          { functionResponse: { name: 'forecast', response: { content: 'more snow' } } },
        ],
      },
    ]);
  });

  it.each([
    [[{ role: 'tool', tool_call_id: 'nope', content: 'x' }], 'messages[0].tool_call_id', 'invalid_tool_call_id'],
    [[{ role: 'assistant', content: null, tool_calls: [{ id: 'a', type: 'function', function: { name: 'f', arguments: '{oops' } }] }], 'messages[0].tool_calls[0].function.arguments', 'invalid_tool_arguments'],
    [[{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'data:image/png,raw' } }] }], 'messages[0].content[0].image_url.url', 'invalid_image_url'],
    [[{ role: 'user', content: [{ type: 'video', video: {} }] }], 'messages[0].content[0]', 'unsupported_content'],
    [[{ role: 'system', content: 'only a system prompt' }], 'messages', 'invalid_value'],
  ] as [ChatMessage[], string, string][])('answers 400 naming %#', (messages, param, code) => {
    expect(() => toGeminiChatBody(request(messages))).toThrow(expect.objectContaining({ status: 400, type: 'invalid_request_error', param, code }));
  });
});

describe('Gemini request translation: parameters', () => {
  const hi: ChatMessage[] = [{ role: 'user', content: 'hi' }];

  it('maps sampling knobs into generationConfig, leaves answer-neutral ones out and refuses what Gemini lacks', () => {
    const body = toGeminiChatBody(
      request(hi, { temperature: 0.2, top_p: 0.9, max_tokens: 50, max_completion_tokens: 64, stop: 'END', n: 2, seed: 7, presence_penalty: 0.1, user: 'u1', store: false, service_tier: 'auto' }),
    );
    for (const params of [{ logit_bias: {} }, { logprobs: true }, { service_tier: 'flex' }]) {
      const name = Object.keys(params)[0];
      expect(() => toGeminiChatBody(request(hi, params))).toThrow(expect.objectContaining({ status: 400, param: name, message: expect.stringContaining(`provider "gemini"`) }));
    }
    expect(body.generationConfig).toEqual({ temperature: 0.2, topP: 0.9, maxOutputTokens: 64, stopSequences: ['END'], candidateCount: 2, seed: 7, presencePenalty: 0.1 });
    expect(Object.keys(body).sort()).toEqual(['contents', 'generationConfig']);
    expect(toGeminiChatBody(request(hi, { max_tokens: 50, stop: ['a', 'b'] })).generationConfig).toEqual({ maxOutputTokens: 50, stopSequences: ['a', 'b'] });
    expect(toGeminiChatBody(request(hi)).generationConfig).toBeUndefined();
  });

  it('asks for JSON and converts a json_schema to Gemini’s OpenAPI subset', () => {
    expect(toGeminiChatBody(request(hi, { response_format: { type: 'json_object' } })).generationConfig).toEqual({ responseMimeType: 'application/json' });
    const body = toGeminiChatBody(
      request(hi, {
        response_format: {
          type: 'json_schema',
          json_schema: {
            name: 'person',
            strict: true,
            schema: {
              $schema: 'http://json-schema.org/draft-07/schema#',
              type: 'object',
              additionalProperties: false,
              properties: {
                name: { type: 'string', description: 'Full name', format: 'email' },
                age: { type: ['integer', 'null'] },
                role: { const: 'admin' },
                address: { $ref: '#/$defs/address' },
                tags: { type: 'array', items: { anyOf: [{ type: 'string' }, { type: 'null' }] } },
              },
              required: ['name'],
              $defs: { address: { type: 'object', properties: { city: { type: 'string' } }, additionalProperties: false } },
            },
          },
        },
      }),
    );
    expect(body.generationConfig).toEqual({
      responseMimeType: 'application/json',
      responseSchema: {
        type: 'object',
        required: ['name'],
        properties: {
          name: { type: 'string', description: 'Full name' },
          age: { type: 'integer', nullable: true },
          role: { type: 'string', enum: ['admin'] },
          address: { type: 'object', properties: { city: { type: 'string' } } },
          tags: { type: 'array', items: { type: 'string', nullable: true } },
        },
      },
    });
  });

  it('declares function tools and maps tool_choice', () => {
    const tools = [
      { type: 'function', function: { name: 'weather', description: 'Current weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false } } },
      { type: 'function', function: { name: 'now', parameters: { type: 'object', properties: {} } } },
    ];
    const body = toGeminiChatBody(request(hi, { tools, tool_choice: 'required', parallel_tool_calls: false }));
    expect(body.tools).toEqual([
      {
        functionDeclarations: [
          { name: 'weather', description: 'Current weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
          { name: 'now' },
        ],
      },
    ]);
    expect(body.toolConfig).toEqual({ functionCallingConfig: { mode: 'ANY' } });
    expect(toGeminiChatBody(request(hi, { tools, tool_choice: 'auto' })).toolConfig).toEqual({ functionCallingConfig: { mode: 'AUTO' } });
    expect(toGeminiChatBody(request(hi, { tools, tool_choice: 'none' })).toolConfig).toEqual({ functionCallingConfig: { mode: 'NONE' } });
    expect(toGeminiChatBody(request(hi, { tools, tool_choice: { type: 'function', function: { name: 'weather' } } })).toolConfig).toEqual({
      functionCallingConfig: { mode: 'ANY', allowedFunctionNames: ['weather'] },
    });
    expect(toGeminiChatBody(request(hi, { tools })).toolConfig).toBeUndefined();
    expect(toGeminiChatBody(request(hi, { tools: [], tool_choice: 'auto' }))).toEqual({ contents: [{ role: 'user', parts: [{ text: 'hi' }] }] });
  });

  it('cuts recursive $refs short instead of looping', () => {
    const schema = { type: 'object', properties: { node: { $ref: '#/$defs/node' } }, $defs: { node: { type: 'object', properties: { child: { $ref: '#/$defs/node' } } } } };
    const out = toOpenApiSchema(schema);
    expect(JSON.stringify(out).length).toBeLessThan(2000);
    expect(out).toMatchObject({ type: 'object', properties: { node: { type: 'object', properties: { child: { type: 'object' } } } } });
  });
});
