import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../types/chat';
import { toAnthropicChatBody } from './chat';
import { chatRequest } from '../chat-request.test-support';

const request = (params: Record<string, unknown>, messages: ChatRequest['messages'] = [{ role: 'user', content: 'Hi' }], model = 'claude-sonnet-4-5'): ChatRequest =>
  chatRequest('anthropic', model, messages, { params });

describe('parameters on an Anthropic target', () => {
  it('forwards Anthropic-only parameters as they are', () => {
    const anthropicOnly = {
      top_k: 5,
      context_management: { edits: [{ type: 'clear_tool_uses_20250919' }] },
      container: 'container_011CZ',
      mcp_servers: [{ type: 'url', url: 'https://mcp.example.com/sse', name: 'example' }],
      service_tier: 'standard_only',
    };
    expect(toAnthropicChatBody(request(anthropicOnly), false)).toMatchObject(anthropicOnly);
  });

  it('maps OpenAI service_tier words it has, refuses the others', () => {
    expect(toAnthropicChatBody(request({ service_tier: 'default' }), false).service_tier).toBe('standard_only');
    expect(() => toAnthropicChatBody(request({ service_tier: 'flex' }), false)).toThrow(expect.objectContaining({ status: 400, param: 'service_tier', message: expect.stringContaining('provider anthropic') }));
  });

  it.each([['seed', 7], ['frequency_penalty', 0.5], ['presence_penalty', 1], ['logprobs', true], ['n', 2], ['logit_bias', { '50256': -100 }], ['audio', { voice: 'alloy' }], ['modalities', ['text', 'audio']]])(
    'refuses %s with a 400 naming it and the provider',
    (name, value) => {
      expect(() => toAnthropicChatBody(request({ [name]: value }), false)).toThrow(expect.objectContaining({ status: 400, param: name, message: `${name} is not supported by provider anthropic` }));
    },
  );

  it('goes without OpenAI hints that do not change the answer', () => {
    const body = toAnthropicChatBody(request({ store: true, metadata: { run: 'a' }, prompt_cache_key: 'k', safety_identifier: 'u1' }), false);
    expect(Object.keys(body).sort()).toEqual(['max_tokens', 'messages', 'model']);
  });

  it('keeps cache_control on content parts, messages, system blocks and tools (LiteLLM\'s convention)', () => {
    const mark = { type: 'ephemeral' };
    const body = toAnthropicChatBody(
      request(
        { tools: [{ type: 'function', function: { name: 'grep', parameters: { type: 'object' } }, cache_control: mark }] },
        [
          { role: 'system', content: 'Long system prompt', cache_control: mark } as never,
          { role: 'user', content: [{ type: 'text', text: 'Document', cache_control: mark }, { type: 'text', text: 'Question' }] },
        ],
      ),
      false,
    );
    expect(body.system).toEqual([{ type: 'text', text: 'Long system prompt', cache_control: mark }]);
    expect(body.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'Document', cache_control: mark }, { type: 'text', text: 'Question' }] }]);
    expect(body.tools).toEqual([{ name: 'grep', input_schema: { type: 'object' }, cache_control: mark }]);
  });

  it('sends strict tools to models with strict tool use and refuses them elsewhere', () => {
    const tools = [{ type: 'function', function: { name: 'f', parameters: { type: 'object' }, strict: true } }];
    expect(toAnthropicChatBody(request({ tools }), false).tools).toEqual([{ name: 'f', input_schema: { type: 'object' }, strict: true }]);
    expect(() => toAnthropicChatBody(request({ tools }, undefined, 'claude-3-5-haiku-latest'), false)).toThrow(expect.objectContaining({ param: 'tools[0].function.strict' }));
  });
});
