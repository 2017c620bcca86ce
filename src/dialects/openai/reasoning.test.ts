import { describe, expect, it } from 'vitest';
import openrouterJson from '../../../test/fixtures/providers/openrouter/openrouter-claude-reasoning.json?raw';
import type { StreamChunk } from '../../pipeline/http-types';
import type { ChatResponse, StreamEvent } from '../../types/chat';
import { parseChatRequest } from './chat-request';
import { completionsDialect } from './completions';
import { encodeChatResponse } from './encode-chat-response';
import { encodeOpenAIChatStream } from './encode-chat-stream';

const known = new Set(['openai', 'deepseek', 'gemini', 'openrouter']);
const user = { role: 'user', content: 'hi' };

async function encodeStream(events: StreamEvent[], encoder = encodeOpenAIChatStream): Promise<Record<string, unknown>[]> {
  const out: StreamChunk[] = [];
  const stream = encoder({ fallbackId: 'id', model: 'm', includeUsage: false, extraFields: () => ({}) })(
    new ReadableStream<StreamEvent[]>({
      start(c) {
        c.enqueue(events);
        c.close();
      },
    }),
  );
  for await (const batch of stream) out.push(...batch);
  return out.map((c) => c.data as Record<string, unknown>);
}

const deltas = (chunks: Record<string, unknown>[]) => chunks.flatMap((c) => ((c.choices as { delta?: Record<string, unknown> }[]) ?? []).map((ch) => ch.delta ?? {}));

describe('OpenAI chat dialect: reasoning in requests', () => {
  it('reads reasoning_effort, OpenRouter’s reasoning and DeepSeek’s thinking into ChatRequest.reasoning, not params', () => {
    const a = parseChatRequest({ model: 'openai/o4', messages: [user], reasoning_effort: 'high', temperature: 1 }, known);
    expect(a.reasoning).toEqual({ effort: 'high' });
    expect(a.params).toEqual({ temperature: 1 });
    expect(parseChatRequest({ model: 'openrouter/x', messages: [user], reasoning: { max_tokens: 2000 } }, known).reasoning).toEqual({ budgetTokens: 2000 });
    expect(parseChatRequest({ model: 'deepseek/x', messages: [user], thinking: { type: 'disabled' } }, known).reasoning).toEqual({ effort: 'none' });
    expect(parseChatRequest({ model: 'openai/x', messages: [user] }, known)).not.toHaveProperty('reasoning');
  });

  it('answers 400 for a reasoning value it does not know', () => {
    expect(() => parseChatRequest({ model: 'openai/o4', messages: [user], reasoning_effort: 'maximum' }, known)).toThrow(expect.objectContaining({ status: 400, param: 'reasoning_effort' }));
    expect(() => parseChatRequest({ model: 'openai/o4', messages: [user], reasoning: { exclude: true } }, known)).toThrow(expect.objectContaining({ status: 400 }));
  });

  it('reads an assistant turn’s reasoning_content, reasoning_details and Gemini call signatures, leaving no wire field behind', () => {
    const wire = JSON.parse(openrouterJson).choices[0].message;
    const req = parseChatRequest(
      {
        model: 'gemini/gemini-3-pro-preview',
        messages: [
          user,
          { role: 'assistant', content: null, reasoning_content: 'plain thought', tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' }, extra_content: { google: { thought_signature: 'sig-g' } } }] },
          { role: 'tool', tool_call_id: 'c1', content: 'ok' },
          { role: 'assistant', content: null, reasoning: wire.reasoning, reasoning_details: wire.reasoning_details, tool_calls: wire.tool_calls },
        ],
      },
      known,
    );
    const [, first, , second] = req.messages;
    expect(first).toEqual({ role: 'assistant', content: null, reasoning: [{ text: 'plain thought' }], tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' }, signature: 'sig-g' }] });
    const [detail] = wire.reasoning_details;
    expect(second?.reasoning).toEqual([{ text: detail.text, signature: detail.signature, source: 'anthropic' }]);
    expect(second).not.toHaveProperty('reasoning_details');
    expect(second).not.toHaveProperty('reasoning_content');
  });

  it('joins streamed detail pieces a client kept as they came (same index) into one part', () => {
    const req = parseChatRequest(
      {
        model: 'openrouter/anthropic/claude',
        messages: [
          user,
          {
            role: 'assistant',
            content: 'x',
            reasoning_details: [
              { type: 'reasoning.text', text: 'let me ', format: 'anthropic-claude-v1', index: 0 },
              { type: 'reasoning.text', text: 'think', format: 'anthropic-claude-v1', index: 0 },
              { type: 'reasoning.text', signature: 'sig-1', format: 'anthropic-claude-v1', index: 0 },
              { type: 'reasoning.encrypted', data: 'opaque', format: 'anthropic-claude-v1', index: 1 },
            ],
          },
        ],
      },
      known,
    );
    expect(req.messages[1]?.reasoning).toEqual([
      { text: 'let me think', signature: 'sig-1', source: 'anthropic' },
      { text: '', redacted: 'opaque', source: 'anthropic' },
    ]);
  });
});

const answer: ChatResponse = {
  kind: 'chat',
  id: 'r1',
  created: 1,
  model: 'm',
  provider: 'gemini',
  choices: [
    {
      index: 0,
      message: {
        role: 'assistant',
        content: 'Calling.',
        reasoning: [{ text: 'Think.', signature: 'sig-t', source: 'gemini' }, { text: '', redacted: 'enc', source: 'anthropic' }],
        tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' }, signature: 'sig-c' }],
      },
      finishReason: { unified: 'tool_calls', raw: 'STOP' },
    },
  ],
};

describe('OpenAI chat dialect: reasoning in answers', () => {
  it('JSON: reasoning_content, OpenRouter-shaped reasoning_details and the call’s extra_content; no canonical field leaks', () => {
    const body = encodeChatResponse(answer, {}) as { choices: { message: Record<string, unknown> }[] };
    const message = body.choices[0]!.message;
    expect(message.reasoning_content).toBe('Think.');
    expect(message.reasoning_details).toEqual([
      { type: 'reasoning.text', text: 'Think.', signature: 'sig-t', format: 'google-gemini-v1', index: 0 },
      { type: 'reasoning.encrypted', data: 'enc', format: 'anthropic-claude-v1', index: 1 },
    ]);
    expect(message.tool_calls).toEqual([{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' }, extra_content: { google: { thought_signature: 'sig-c' } } }]);
    expect(message).not.toHaveProperty('reasoning');
    expect(JSON.stringify(message)).not.toContain('"signature":"sig-c"');
  });

  it('JSON: a client that sends the message back gets the same canonical turn', () => {
    const message = (encodeChatResponse(answer, {}) as { choices: { message: unknown }[] }).choices[0]!.message;
    const again = parseChatRequest({ model: 'gemini/g', messages: [user, message] }, known).messages[1];
    expect(again).toEqual(answer.choices[0]!.message);
  });

  it('stream: reasoning_content deltas, one whole reasoning_details entry when a part closes with a signature, the call’s signature on its first delta', async () => {
    const chunks = await encodeStream([
      { type: 'start', id: 'r1', created: 1, model: 'm' },
      { type: 'reasoning-delta', index: 0, text: 'Thi' },
      { type: 'reasoning-delta', index: 0, text: 'nk.' },
      { type: 'reasoning-end', index: 0, signature: 'sig-t', source: 'gemini' },
      { type: 'reasoning-end', index: 0, redacted: 'enc', source: 'anthropic' },
      { type: 'text-delta', index: 0, text: 'Calling.' },
      { type: 'tool-call-delta', index: 0, toolCallIndex: 0, id: 'c1', name: 'f', argumentsDelta: '', signature: 'sig-c' },
      { type: 'tool-call-delta', index: 0, toolCallIndex: 0, argumentsDelta: '{}' },
      { type: 'finish', index: 0, finishReason: { unified: 'tool_calls', raw: 'STOP' } },
    ]);
    const d = deltas(chunks);
    expect(d.flatMap((x) => (typeof x.reasoning_content === 'string' ? [x.reasoning_content] : [])).join('')).toBe('Think.');
    expect(d.flatMap((x) => (x.reasoning_details as unknown[]) ?? [])).toEqual([
      { type: 'reasoning.text', text: 'Think.', signature: 'sig-t', format: 'google-gemini-v1', index: 0 },
      { type: 'reasoning.encrypted', data: 'enc', format: 'anthropic-claude-v1', index: 1 },
    ]);
    const calls = d.flatMap((x) => (x.tool_calls as Record<string, unknown>[]) ?? []);
    expect(calls[0]).toEqual({ index: 0, id: 'c1', type: 'function', function: { name: 'f', arguments: '' }, extra_content: { google: { thought_signature: 'sig-c' } } });
    expect(calls[1]).not.toHaveProperty('extra_content');
  });

  it('legacy completions leave reasoning out of the completion text', async () => {
    const chunks = await encodeStream(
      [
        { type: 'start', id: 'r1', created: 1, model: 'm' },
        { type: 'reasoning-delta', index: 0, text: 'hidden' },
        { type: 'reasoning-end', index: 0, signature: 's' },
        { type: 'text-delta', index: 0, text: 'shown' },
        { type: 'finish', index: 0, finishReason: { unified: 'stop', raw: 'stop' } },
      ],
      completionsDialect.encodeStream,
    );
    expect(JSON.stringify(chunks)).not.toContain('hidden');
    expect(chunks.map((c) => (c.choices as { text: string }[])[0]?.text).join('')).toBe('shown');
  });
});
