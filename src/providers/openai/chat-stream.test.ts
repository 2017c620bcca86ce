import { describe, expect, it } from 'vitest';
import deepseek from '../../../../shared/fixtures/providers/deepseek/deepseek-text.chunks.txt?raw';
import groq from '../../../../shared/fixtures/providers/groq/groq-text.chunks.txt?raw';
import mistral from '../../../../shared/fixtures/providers/mistral/mistral-text.chunks.txt?raw';
import openai from '../../../../shared/fixtures/providers/openai/openai-text.chunks.txt?raw';
import mistralToolCall from '../../../test/fixtures/providers/mistral/mistral-tool-call.chunks.txt?raw';
import { decodeSse } from '../../streams/decode-sse';
import type { StreamEvent } from '../../types/chat';
import { openAISse, trickle } from '../recorded-stream.test-support';
import { openAIChatStreamTranslator } from './chat-stream';

async function translate(lines: string, provider: string): Promise<StreamEvent[]> {
  const events: StreamEvent[] = [];
  for await (const batch of openAIChatStreamTranslator(provider)(decodeSse(trickle(openAISse(lines), 37)))) events.push(...batch);
  return events;
}

const deltas = (lines: string) =>
  lines.split('\n').filter(Boolean).map((l) => JSON.parse(l).choices[0]?.delta?.content ?? '').join('');

describe.each([
  ['openai', openai, 'chatcmpl-D8Z5oo6uDh67AD85p73ksdT1KxhE0', 'stop', { prompt_tokens: 16, completion_tokens: 300, total_tokens: 316 }],
  ['groq', groq, 'chatcmpl-7eb08824-fb8d-47af-a1f0-3aa786f2d1f3', 'stop', { prompt_tokens: 45, completion_tokens: 662, total_tokens: 707 }],
  ['mistral', mistral, '5319bd0299614c679a0068a4f2c8ffd0', 'stop', { prompt_tokens: 13, completion_tokens: 8, total_tokens: 21 }],
  ['deepseek', deepseek, 'f6117a0b-129d-46fa-b239-78f01c2c5df9', 'length', { prompt_tokens: 13, completion_tokens: 400, total_tokens: 413 }],
] as const)('OpenAI-compatible stream translator on recorded %s chunks', (provider, lines, id, finish, usage) => {
  it('yields start, the exact text, then one finish carrying the reason and usage', async () => {
    const events = await translate(lines, provider);
    expect(events[0]).toMatchObject({ type: 'start', id });
    const text = events.flatMap((e) => (e.type === 'text-delta' ? [e.text] : [])).join('');
    expect(text).toBe(deltas(lines));
    expect(text.length).toBeGreaterThan(10);
    const finishes = events.filter((e) => e.type === 'finish');
    expect(finishes).toHaveLength(1);
    expect(events.at(-1)).toMatchObject({ type: 'finish', index: 0, finishReason: { unified: finish, raw: finish }, usage });
    expect(events.some((e) => e.type === 'error')).toBe(false);
  });
});

describe('OpenAI-compatible stream translator on bad upstream data', () => {
  it('turns an upstream error event into an error event', async () => {
    const events = await translate('{"error":{"message":"overloaded","type":"server_error"}}', 'openai');
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ type: 'error', error: { message: 'overloaded', type: 'server_error', status: 502 } });
  });

  it('ends the stream with an error on a chunk that is not JSON', async () => {
    const events = await translate('{"id":"x","created":1,"model":"m","choices":[{"index":0,"delta":{"content":"hi"}}]}\nnot json\n', 'openai');
    expect(events.map((e) => e.type)).toEqual(['start', 'text-delta', 'error']);
  });
});

describe('OpenAI-compatible stream translator on tool calls without an index (Mistral)', () => {
  it('reads the recorded shape: one call, its arguments whole, finish and usage in the same chunk', async () => {
    const events = await translate(mistralToolCall, 'mistral');
    expect(events.filter((e) => e.type === 'tool-call-delta')).toEqual([
      { type: 'tool-call-delta', index: 0, toolCallIndex: 0, id: 'gSIMJiOkT', name: 'weather', argumentsDelta: '{"location": "San Francisco"}' },
    ]);
    expect(events.at(-1)).toMatchObject({ type: 'finish', finishReason: { unified: 'tool_calls' }, usage: { prompt_tokens: 124, completion_tokens: 22 } });
  });

  it('starts a new call at each new id and continues the last call without one', async () => {
    const [head, call] = mistralToolCall.split('\n');
    const chunk = JSON.parse(call!);
    const delta = (toolCalls: unknown[], finish: string | null) => JSON.stringify({ ...chunk, usage: finish ? chunk.usage : undefined, choices: [{ index: 0, delta: { tool_calls: toolCalls }, finish_reason: finish }] });
    const lines = [
      head,
      delta([{ id: 'a1', function: { name: 'weather', arguments: '{"location": ' } }], null),
      delta([{ function: { arguments: '"Paris"}' } }], null),
      delta([{ id: 'b2', function: { name: 'weather', arguments: '{"location": "Rome"}' } }, { id: 'c3', function: { name: 'time', arguments: '{}' } }], 'tool_calls'),
    ].join('\n');
    const calls = (await translate(lines, 'mistral')).flatMap((e) => (e.type === 'tool-call-delta' ? [[e.toolCallIndex, e.id ?? null, e.argumentsDelta]] : []));
    expect(calls).toEqual([
      [0, 'a1', '{"location": '],
      [0, null, '"Paris"}'],
      [1, 'b2', '{"location": "Rome"}'],
      [2, 'c3', '{}'],
    ]);
  });
});
