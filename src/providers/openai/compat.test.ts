import { describe, expect, it } from 'vitest';
import type { ChatRequest } from '../../types/chat';
import { toOpenAIChatBody } from './chat';
import { OPENAI_COMPAT, OPENROUTER_COMPAT } from './compat';

// What a Claude Code turn (thinking asked on every request, cache_control marks everywhere) becomes
// for servers of OpenAI's chat API that cannot take parts of it.

const claudeCodeLike = (model: string): ChatRequest => ({
  kind: 'chat',
  provider: 'openai',
  model,
  fallbacks: [],
  stream: false,
  includeUsage: false,
  reasoning: { budgetTokens: 31999 },
  messages: [
    { role: 'system', content: [{ type: 'text', text: 'You are Claude Code.', cache_control: { type: 'ephemeral' } }] },
    { role: 'user', content: [{ type: 'text', text: 'list files', cache_control: { type: 'ephemeral' } }] },
  ],
  params: { tools: [{ type: 'function', function: { name: 'Bash', parameters: { type: 'object' } }, cache_control: { type: 'ephemeral' } }] },
});

describe('OpenAI-compatible bodies', () => {
  it("leaves a reasoning request out for OpenAI's models that cannot reason, and sends it to those that can", () => {
    for (const model of ['gpt-4o-mini', 'gpt-4o', 'gpt-4.1-nano', 'gpt-3.5-turbo']) expect(toOpenAIChatBody(claudeCodeLike(model), false)).not.toHaveProperty('reasoning_effort');
    // A 31999-token budget is a ceiling: asked as high, which every OpenAI reasoning model takes
    // (o4-mini refuses xhigh); an effort word the client chose goes as it is.
    expect(toOpenAIChatBody(claudeCodeLike('o4-mini'), false).reasoning_effort).toBe('high');
    expect(toOpenAIChatBody(claudeCodeLike('gpt-5-mini'), false).reasoning_effort).toBe('high');
    expect(toOpenAIChatBody({ ...claudeCodeLike('gpt-5.2'), reasoning: { effort: 'xhigh' } }, false).reasoning_effort).toBe('xhigh');
    expect(toOpenAIChatBody({ ...claudeCodeLike('o3'), reasoning: { budgetTokens: 2000 } }, false).reasoning_effort).toBe('medium');
  });

  it('strips cache_control for OpenAI, keeps it for OpenRouter', () => {
    const openai = JSON.stringify(toOpenAIChatBody(claudeCodeLike('gpt-4o-mini'), false));
    expect(openai).not.toContain('cache_control');
    expect(openai).toContain('You are Claude Code.');
    expect(openai).toContain('"name":"Bash"');
    const routed = { ...claudeCodeLike('anthropic/claude-sonnet-4.5'), provider: 'openrouter' };
    expect(JSON.stringify(toOpenAIChatBody(routed, false, OPENROUTER_COMPAT)).match(/cache_control/g)).toHaveLength(3);
    expect(OPENAI_COMPAT.cacheControl).toBeUndefined();
  });

  it("sends max_tokens as max_completion_tokens to OpenAI's reasoning models, which refuse max_tokens", () => {
    const asked = (model: string) => toOpenAIChatBody({ ...claudeCodeLike(model), reasoning: undefined, params: { max_tokens: 256 } }, false);
    expect(asked('o3')).toMatchObject({ max_completion_tokens: 256 });
    expect(asked('o3')).not.toHaveProperty('max_tokens');
    expect(asked('gpt-5-mini')).toMatchObject({ max_completion_tokens: 256 });
    expect(asked('gpt-4o-mini')).toMatchObject({ max_tokens: 256 });
  });
});
