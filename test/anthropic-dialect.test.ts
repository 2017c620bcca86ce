import Anthropic from '@anthropic-ai/sdk';
import { describe, expect, it } from 'vitest';
import fixture from '../../shared/fixtures/providers/openai/openai-text.chunks.txt?raw';
import { testGateway, upstreamRecord } from './support/gateway';

const gw = testGateway();
// The official Anthropic client, pointed at the Worker's Anthropic-dialect endpoint.
const client = new Anthropic({
  apiKey: 'unused-by-the-gateway',
  baseURL: 'http://gateway.test/anthropic',
  fetch: (url, init) => gw.fetch(new Request(url as string, init as RequestInit)),
  maxRetries: 0,
});
const expectedStreamText = fixture.split('\n').filter(Boolean).map((l) => JSON.parse(l).choices[0]?.delta?.content ?? '').join('');

describe('the Anthropic dialect at /anthropic/v1/messages, answered by an OpenAI-compatible provider', () => {
  it('completes a message with the official @anthropic-ai/sdk client', async () => {
    const msg = await client.messages.create({ model: 'openai/gpt-4.1-nano', max_tokens: 512, messages: [{ role: 'user', content: 'Invent a holiday.' }] });
    expect(msg.type).toBe('message');
    expect(msg.role).toBe('assistant');
    expect(msg.content[0]).toMatchObject({ type: 'text' });
    expect((msg.content[0] as { text: string }).text).toMatch(/^\*\*Holiday Name:\*\* Galaxy Day/);
    expect(msg.stop_reason).toBe('end_turn');
    expect(msg.usage).toMatchObject({ input_tokens: 16, output_tokens: 363 });
  });

  it('reads a bare Claude model name (Claude Code\'s default) as the anthropic provider', async () => {
    const msg = await client.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 64, messages: [{ role: 'user', content: 'hi' }], metadata: { user_id: 'bare-claude' } });
    expect(msg.type).toBe('message');
    const sent = await upstreamRecord('bare-claude');
    expect(sent.body.model).toBe('claude-sonnet-4-5');
    expect(sent.headers['x-api-key']).toBe('sk-ant-test');
  });

  it('streams with the official client: the exact text, the stop reason and usage', async () => {
    const stream = client.messages.stream({ model: 'openai/gpt-4.1-nano', max_tokens: 512, messages: [{ role: 'user', content: 'Invent a holiday.' }] });
    const types: string[] = [];
    let text = '';
    for await (const event of stream) {
      types.push(event.type);
      if (event.type === 'content_block_delta' && event.delta.type === 'text_delta') text += event.delta.text;
    }
    const final = await stream.finalMessage();
    expect(text).toBe(expectedStreamText);
    expect(types[0]).toBe('message_start');
    expect(types.at(-1)).toBe('message_stop');
    expect(types.filter((t) => t === 'content_block_start')).toHaveLength(1);
    expect(final.stop_reason).toBe('end_turn');
    expect(final.usage.output_tokens).toBe(300);
  });

  it('translates system, tools, tool_choice, tool use and tool results into the canonical request', async () => {
    await client.messages.create({
      model: 'openai/echo',
      max_tokens: 100,
      system: 'Be brief.',
      stop_sequences: ['END'],
      metadata: { user_id: 'anthropic-tools-1' },
      tools: [{ name: 'get_weather', description: 'Weather for a city', input_schema: { type: 'object', properties: { city: { type: 'string' } } } }],
      tool_choice: { type: 'any' },
      messages: [
        { role: 'user', content: 'Weather in Oslo?' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Oslo' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_1', content: '-3 °C' }, { type: 'text', text: 'And tomorrow?' }] },
      ],
    });
    const sent = (await upstreamRecord('anthropic-tools-1')).body;
    expect(sent).toEqual({
      model: 'echo',
      max_tokens: 100,
      stop: ['END'],
      user: 'anthropic-tools-1',
      tools: [{ type: 'function', function: { name: 'get_weather', description: 'Weather for a city', parameters: { type: 'object', properties: { city: { type: 'string' } } } } }],
      tool_choice: 'required',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Weather in Oslo?' },
        { role: 'assistant', content: null, tool_calls: [{ id: 'toolu_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } }] },
        { role: 'tool', tool_call_id: 'toolu_1', content: '-3 °C' },
        { role: 'user', content: 'And tomorrow?' },
      ],
    });
  });

  it('answers errors in Anthropic shape, and the client raises its typed errors', async () => {
    const err = await client.messages.create({ model: 'openai/fail-429', max_tokens: 10, messages: [{ role: 'user', content: 'x' }] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(Anthropic.RateLimitError);
    const res = await gw.fetch('/anthropic/v1/messages', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'openai/x', messages: [] }) });
    expect(res.status).toBe(400);
    const body = await res.json<any>();
    expect(body.type).toBe('error');
    expect(body.error.type).toBe('invalid_request_error');
    expect(body.error.message).toMatch(/max_tokens/);
    const missing = await gw.fetch('/anthropic/v1/nothing');
    expect(await missing.json()).toMatchObject({ type: 'error', error: { type: 'not_found_error' } });
  });
});

describe('the Anthropic dialect reads what Claude Code sends', () => {
  it('takes a system turn inside messages (what Claude Code sends for a non-Claude model) as a system message where it stands', async () => {
    const res = await gw.fetch('/anthropic/v1/messages', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        model: 'openai/echo',
        max_tokens: 100,
        metadata: { user_id: 'anthropic-system-turn' },
        messages: [
          { role: 'user', content: 'hi' },
          { role: 'system', content: [{ type: 'text', text: 'Be brief.' }] },
          { role: 'user', content: 'and now?' },
        ],
      }),
    });
    expect(res.status).toBe(200);
    const sent = (await upstreamRecord('anthropic-system-turn')).body;
    expect(sent.messages).toEqual([
      { role: 'user', content: 'hi' },
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'and now?' },
    ]);
  });
});

describe('a Claude-Code-like body', () => {
  const mark = { type: 'ephemeral' };
  const claudeCodeBody = (model: string, id: string) => ({
    model,
    max_tokens: 32_000,
    stream: false,
    metadata: { user_id: id },
    system: [
      { type: 'text', text: "You are Claude Code, Anthropic's official CLI for Claude.", cache_control: mark },
      { type: 'text', text: 'You are an interactive CLI tool that helps users with software engineering tasks.', cache_control: mark },
    ],
    messages: [
      { role: 'user', content: [{ type: 'text', text: '<system-reminder>Project context</system-reminder>' }, { type: 'text', text: 'List the files.', cache_control: mark }] },
      { role: 'system', content: [{ type: 'text', text: 'Use the Bash tool for shell commands.' }] },
      { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_01', name: 'Bash', input: { command: 'ls' } }] },
      { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_01', content: 'README.md\nsrc', cache_control: mark }] },
    ],
    tools: [{ name: 'Bash', description: 'Run a shell command', input_schema: { type: 'object', properties: { command: { type: 'string' } }, required: ['command'] }, cache_control: mark }],
    thinking: { type: 'enabled', budget_tokens: 31_999 },
    output_config: { effort: 'high' },
    context_management: { edits: [{ type: 'clear_thinking_20251015', keep: 'all' }] },
  });
  const post = (body: unknown) =>
    gw.fetch('/anthropic/v1/messages', { method: 'POST', headers: { 'content-type': 'application/json', 'anthropic-beta': 'claude-code-20250219,context-management-2025-06-27' }, body: JSON.stringify(body) });

  it('reaches an Anthropic target whole: system blocks, cache_control everywhere, thinking, effort, context_management, tools, betas', async () => {
    const res = await post(claudeCodeBody('anthropic/claude-sonnet-4-5', 'cc-anthropic'));
    expect(res.status).toBe(200);
    const { body, headers } = await upstreamRecord('cc-anthropic');
    expect(headers['anthropic-beta']).toBe('claude-code-20250219,context-management-2025-06-27');
    expect(body).toEqual({
      model: 'claude-sonnet-4-5',
      max_tokens: 32_000,
      metadata: { user_id: 'cc-anthropic' },
      // The system turn inside messages joins the top-level system, where Anthropic wants it.
      system: [
        { type: 'text', text: "You are Claude Code, Anthropic's official CLI for Claude.", cache_control: mark },
        { type: 'text', text: 'You are an interactive CLI tool that helps users with software engineering tasks.', cache_control: mark },
        { type: 'text', text: 'Use the Bash tool for shell commands.' },
      ],
      messages: [
        { role: 'user', content: [{ type: 'text', text: '<system-reminder>Project context</system-reminder>' }, { type: 'text', text: 'List the files.', cache_control: mark }] },
        { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_01', name: 'Bash', input: { command: 'ls' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_01', content: 'README.md\nsrc', cache_control: mark }] },
      ],
      tools: [{ name: 'Bash', description: 'Run a shell command', input_schema: { type: 'object', properties: { command: { type: 'string' } }, required: ['command'] }, cache_control: mark }],
      thinking: { type: 'enabled', budget_tokens: 31_999 },
      output_config: { effort: 'high' },
      context_management: { edits: [{ type: 'clear_thinking_20251015', keep: 'all' }] },
    });
  });

  it('gets a 200 from openai/gpt-4o-mini, the system turn where it stands', async () => {
    const res = await post(claudeCodeBody('openai/gpt-4o-mini', 'cc-openai'));
    expect(res.status).toBe(200);
    expect((await res.json<{ type: string }>()).type).toBe('message');
    const { body } = await upstreamRecord('cc-openai');
    expect((body.messages as { role: string }[]).map((m) => m.role)).toEqual(['system', 'user', 'system', 'assistant', 'tool']);
    expect(body).toMatchObject({ model: 'gpt-4o-mini', max_tokens: 32_000, user: 'cc-openai' });
    // gpt-4o-mini cannot reason and OpenAI refuses reasoning_effort for it: Claude Code's thinking is left out.
    expect(body).not.toHaveProperty('reasoning_effort');
  });

  // OpenAI rejects top-level fields it does not know ("Unrecognized request argument"): the
  // Anthropic-only ones travel apart from params and never reach an OpenAI-compatible server.
  // cache_control on parts is the canonical convention; OpenAI's provider takes the marks off.
  it('sends openai/gpt-4o-mini none of the Anthropic-only fields', async () => {
    await post(claudeCodeBody('openai/gpt-4o-mini', 'cc-openai-fields'));
    const { body } = await upstreamRecord('cc-openai-fields');
    for (const anthropicOnly of ['context_management', 'thinking', 'output_config', 'metadata', 'thinking_display']) expect(body).not.toHaveProperty(anthropicOnly);
    expect(JSON.stringify(body)).not.toContain('cache_control');
  });
});

