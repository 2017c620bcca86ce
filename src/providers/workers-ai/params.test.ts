import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../types/chat';
import type { ProviderCall, ResolvedProvider } from '../types';
import type { AiLike } from './ai-binding';
import { workersAIAdapter } from '.';

const provider = { name: 'workers-ai', kind: { adapter: workersAIAdapter, keyOptional: true }, baseUrl: 'https://api.cloudflare.com/client/v4', keys: [], timeoutMs: 2_000, extraHeaders: {} } as unknown as ResolvedProvider;

function binding() {
  const inputs: Record<string, unknown>[] = [];
  const ai: AiLike = {
    async run(_model, given) {
      inputs.push(given as Record<string, unknown>);
      return { response: '{"n":4}', usage: { prompt_tokens: 3, completion_tokens: 4 } };
    },
  };
  const call: ProviderCall = { provider, key: undefined, requestId: 'req-1', env: { AI: ai } as unknown as Cloudflare.Env };
  return { call, inputs };
}

const request = (over: Partial<ChatRequest> = {}): ChatRequest => ({
  kind: 'chat',
  provider: 'workers-ai',
  model: '@cf/meta/llama-3.3-70b-instruct-fp8-fast',
  messages: [{ role: 'user', content: 'What is 2 + 2?' }],
  stream: false,
  includeUsage: false,
  fallbacks: [],
  params: {},
  ...over,
});

describe('Workers AI binding: what each parameter becomes', () => {
  it('passes response_format to the model (JSON mode takes OpenAI’s shape) and returns the JSON as the answer text', async () => {
    const { call, inputs } = binding();
    const format = { type: 'json_schema', json_schema: { name: 'n', schema: { type: 'object', properties: { n: { type: 'integer' } } } } };
    const res = await workersAIAdapter.chat(request({ params: { response_format: format, user: 'u-1', store: false } }), call);
    expect(inputs[0]!.response_format).toEqual(format);
    expect(inputs[0]).not.toHaveProperty('user');
    expect(res.choices[0]!.message.content).toBe('{"n":4}');
  });

  it('sends no canonical-only field: a call’s Gemini signature stays in the gateway', async () => {
    const { call, inputs } = binding();
    await workersAIAdapter.chat(
      request({
        messages: [
          { role: 'user', content: 'q' },
          { role: 'assistant', content: null, reasoning: [{ text: 't' }], tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' }, signature: 'sig' }] },
          { role: 'tool', tool_call_id: 'c1', content: 'ok' },
        ],
      }),
      call,
    );
    expect(JSON.stringify(inputs[0]!.messages)).not.toMatch(/signature|reasoning/);
  });

  it('refuses a parameter the binding has no input for, and any reasoning setting, naming the provider', async () => {
    const { call, inputs } = binding();
    await expect(workersAIAdapter.chat(request({ params: { stop: ['x'] } }), call)).rejects.toMatchObject({ status: 400, param: 'stop', message: expect.stringContaining('provider "workers-ai"') });
    await expect(workersAIAdapter.chat(request({ reasoning: { effort: 'high' } }), call)).rejects.toMatchObject({ status: 400, param: 'reasoning' });
    expect(inputs).toHaveLength(0);
  });
});
