import { describe, expect, it } from 'vitest';
import textChunks from '../../../../shared/fixtures/providers/anthropic/anthropic-text.chunks.txt?raw';
import toolChunks from '../../../../shared/fixtures/providers/anthropic/anthropic-tool-no-args.chunks.txt?raw';
import { decodeSse } from '../../streams/decode-sse';
import type { StreamEvent } from '../../types/chat';
import { trickle, typedSse } from '../recorded-stream.test-support';
import { anthropicChatStreamTranslator } from './chat-stream';

/** Re-frames recorded payloads as Anthropic's SSE (an `event:` line named after each payload's type), split at awkward places. */

async function translate(wire: string, splitEvery = 37): Promise<StreamEvent[]> {
  const events: StreamEvent[] = [];
  const stream = anthropicChatStreamTranslator('anthropic', 'claude-requested')(decodeSse(trickle(wire, splitEvery)));
  for await (const batch of stream) events.push(...batch);
  return events;
}

const text = (events: StreamEvent[]) => events.flatMap((e) => (e.type === 'text-delta' ? [e.text] : [])).join('');

function toolCalls(events: StreamEvent[]) {
  const calls: { id?: string; name?: string; arguments: string }[] = [];
  for (const e of events) {
    if (e.type !== 'tool-call-delta') continue;
    const call = (calls[e.toolCallIndex] ??= { arguments: '' });
    if (e.id) call.id = e.id;
    if (e.name) call.name = e.name;
    call.arguments += e.argumentsDelta;
  }
  return calls;
}

describe.each([1, 7, 37, 4096])('Anthropic stream translator on recorded chunks, split every %i bytes', (splitEvery) => {
  it('yields start, the exact text, then one finish with the stop reason and both halves of the usage', async () => {
    const events = await translate(typedSse(textChunks), splitEvery);
    expect(events[0]).toMatchObject({ type: 'start', id: 'msg_01QC4g3HwBThD4BaNtBckFDJ', model: 'claude-sonnet-4-5-20250929' });
    expect(text(events)).toBe("Hello! I'm doing well, thank you for asking. How are you doing today? Is there anything I can help you with?");
    expect(events.filter((e) => e.type === 'finish')).toHaveLength(1);
    expect(events.at(-1)).toEqual({
      type: 'finish',
      index: 0,
      finishReason: { unified: 'stop', raw: 'end_turn' },
      usage: { prompt_tokens: 12, completion_tokens: 30, total_tokens: 42, cache_read_input_tokens: 0, cache_creation_input_tokens: 0 },
    });
    expect(events.some((e) => e.type === 'error' || e.type === 'tool-call-delta')).toBe(false);
  });

  it('yields the text, then a tool call without arguments as `{}`, and finishes with tool_calls', async () => {
    const events = await translate(typedSse(toolChunks), splitEvery);
    expect(events[0]).toMatchObject({ type: 'start', id: 'msg_01GE2RKp1VYsPzdFs3sS9z5S' });
    expect(text(events)).toBe("I'll update the issue list for you.");
    expect(toolCalls(events)).toEqual([{ id: 'toolu_01QE1WLsSVp5hy5Q3GmGTmjP', name: 'updateIssueList', arguments: '{}' }]);
    // The id and name come first, in a delta of their own.
    expect(events.find((e) => e.type === 'tool-call-delta')).toEqual({ type: 'tool-call-delta', index: 0, toolCallIndex: 0, id: 'toolu_01QE1WLsSVp5hy5Q3GmGTmjP', name: 'updateIssueList', argumentsDelta: '' });
    expect(events.filter((e) => e.type === 'finish')).toHaveLength(1);
    expect(events.at(-1)).toMatchObject({
      type: 'finish',
      finishReason: { unified: 'tool_calls', raw: 'tool_use' },
      usage: { prompt_tokens: 565, completion_tokens: 48, total_tokens: 613 },
    });
  });
});

describe('Anthropic stream translator on tool arguments and cache usage', () => {
  // The recorded stream's shape, with arguments streamed in pieces, two tools and cached prompt tokens.
  const lines = [
    { type: 'message_start', message: { id: 'msg_x', model: 'claude-x', usage: { input_tokens: 10, cache_read_input_tokens: 100, cache_creation_input_tokens: 5, output_tokens: 1 } } },
    { type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id: 'toolu_a', name: 'get_weather', input: {} } },
    { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '' } },
    { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: '{"city": "Par' } },
    { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: 'is"}' } },
    { type: 'content_block_stop', index: 0 },
    { type: 'content_block_start', index: 1, content_block: { type: 'tool_use', id: 'toolu_b', name: 'get_time', input: {} } },
    { type: 'content_block_delta', index: 1, delta: { type: 'input_json_delta', partial_json: '{"tz":"CET"}' } },
    { type: 'content_block_stop', index: 1 },
    { type: 'message_delta', delta: { stop_reason: 'tool_use', stop_sequence: null }, usage: { output_tokens: 40 } },
    { type: 'message_stop' },
  ].map((l) => JSON.stringify(l)).join('\n');

  it('numbers tool calls in order and counts cached tokens into the prompt', async () => {
    const events = await translate(typedSse(lines), 11);
    expect(toolCalls(events)).toEqual([
      { id: 'toolu_a', name: 'get_weather', arguments: '{"city": "Paris"}' },
      { id: 'toolu_b', name: 'get_time', arguments: '{"tz":"CET"}' },
    ]);
    expect(events.at(-1)).toEqual({
      type: 'finish',
      index: 0,
      finishReason: { unified: 'tool_calls', raw: 'tool_use' },
      usage: { prompt_tokens: 115, completion_tokens: 40, total_tokens: 155, cache_read_input_tokens: 100, cache_creation_input_tokens: 5 },
    });
  });
});

describe('Anthropic stream translator on bad upstream data', () => {
  const first = textChunks.split('\n').slice(0, 4).join('\n');

  it('turns an overloaded_error event into a retryable error event', async () => {
    const wire = typedSse(first) + 'event: error\ndata: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}\n\n';
    const events = await translate(wire);
    expect(events.map((e) => e.type)).toEqual(['start', 'text-delta', 'error']);
    const last = events.at(-1);
    expect(last?.type === 'error' && last.error).toMatchObject({ status: 529, type: 'overloaded_error', message: 'Overloaded', retryable: true, provider: 'anthropic' });
  });

  it('ends the stream with an error on an event that is not JSON', async () => {
    const events = await translate(typedSse(first) + 'event: content_block_delta\ndata: not json\n\n' + typedSse(textChunks));
    expect(events.map((e) => e.type)).toEqual(['start', 'text-delta', 'error']);
    const last = events.at(-1);
    expect(last?.type === 'error' && last.error).toMatchObject({ status: 502, code: 'invalid_upstream_stream', retryable: true });
  });

  it('reports a stream cut off before message_stop', async () => {
    const events = await translate(typedSse(first));
    expect(events.map((e) => e.type)).toEqual(['start', 'text-delta', 'error']);
  });

  it('still finishes a stream that stopped after message_delta', async () => {
    const withoutStop = textChunks.split('\n').filter((l) => l.trim() !== '' && !l.includes('"message_stop"')).join('\n');
    const events = await translate(typedSse(withoutStop));
    expect(events.at(-1)).toMatchObject({ type: 'finish', finishReason: { unified: 'stop', raw: 'end_turn' }, usage: { total_tokens: 42 } });
  });
});
