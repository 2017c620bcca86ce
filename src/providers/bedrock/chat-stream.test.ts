import { describe, expect, it } from 'vitest';
import textChunks from '../../../../shared/fixtures/providers/bedrock/amazon-bedrock-text.chunks.txt?raw';
import toolChunks from '../../../../shared/fixtures/providers/bedrock/amazon-bedrock-tool-call.1.chunks.txt?raw';
import type { StreamEvent } from '../../types/chat';
import { trickle } from '../recorded-stream.test-support';
import { bedrockChatStreamTranslator } from './chat-stream';
import { decodeEventStream } from './decode-event-stream';
import { concatBytes, eventFrame, exceptionFrame, framesOf } from './event-stream-fixture';

async function translate(bytes: Uint8Array, splitEvery: number): Promise<{ events: StreamEvent[]; batches: number }> {
  const events: StreamEvent[] = [];
  let batches = 0;
  const translator = bedrockChatStreamTranslator({ provider: 'bedrock', id: 'chatcmpl-req-1', model: 'anthropic.claude-3-5-haiku-20241022-v1:0' });
  for await (const batch of translator(decodeEventStream(trickle(bytes, splitEvery)))) {
    batches++;
    events.push(...batch);
  }
  return { events, batches };
}

const textDeltas = (lines: string) =>
  lines.split('\n').filter(Boolean).map((l) => JSON.parse(l).contentBlockDelta?.delta?.text ?? '').join('');

const text = (events: StreamEvent[]) => events.flatMap((e) => (e.type === 'text-delta' ? [e.text] : [])).join('');

describe('Bedrock ConverseStream translator on the recorded text stream', () => {
  const bytes = concatBytes(framesOf(textChunks));

  it.each([1, 7, 37, 100, 4096])('yields start, the exact text and one finish with usage, reads of %i bytes', async (splitEvery) => {
    const { events } = await translate(bytes, splitEvery);
    expect(events[0]).toMatchObject({ type: 'start', id: 'chatcmpl-req-1', model: 'anthropic.claude-3-5-haiku-20241022-v1:0' });
    expect(text(events)).toBe(textDeltas(textChunks));
    expect(text(events)).toBe('Let me count the "r"s in "strawberry":\n\ns-t-**r**-a-w-b-e-**r**-**r**-y\n\nThere are **3** r\'s in "strawberry."');
    expect(events.filter((e) => e.type === 'finish')).toHaveLength(1);
    expect(events.at(-1)).toEqual({
      type: 'finish',
      index: 0,
      finishReason: { unified: 'stop', raw: 'end_turn' },
      usage: { prompt_tokens: 22, completion_tokens: 55, total_tokens: 77 },
    });
    expect(events.some((e) => e.type === 'error' || e.type === 'tool-call-delta')).toBe(false);
  });

  it('moves everything that arrived in one read as one batch', async () => {
    const { events, batches } = await translate(bytes, bytes.length);
    expect(batches).toBe(1);
    expect(events.length).toBe(1 + 12 + 1);
  });
});

describe('Bedrock ConverseStream translator on the recorded tool-call stream', () => {
  it.each([3, 50])('yields the tool call and a tool_calls finish with usage that came before messageStop, reads of %i bytes', async (splitEvery) => {
    const { events } = await translate(concatBytes(framesOf(toolChunks)), splitEvery);
    expect(events.map((e) => e.type)).toEqual(['start', 'tool-call-delta', 'tool-call-delta', 'tool-call-delta', 'finish']);
    const calls = events.filter((e) => e.type === 'tool-call-delta');
    expect(calls[0]).toEqual({ type: 'tool-call-delta', index: 0, toolCallIndex: 0, id: 'tool-use-id', name: 'test-tool', argumentsDelta: '' });
    expect(calls.every((c) => c.toolCallIndex === 0)).toBe(true);
    expect(calls.map((c) => c.argumentsDelta).join('')).toBe('{"value":"Sparkle Day"}');
    expect(events.at(-1)).toEqual({
      type: 'finish',
      index: 0,
      finishReason: { unified: 'tool_calls', raw: 'tool_use' },
      usage: { prompt_tokens: 125, completion_tokens: 45, total_tokens: 170 },
    });
  });

  it('numbers tool calls among toolUse blocks only, after a text block', async () => {
    const frames = [
      eventFrame('messageStart', { role: 'assistant' }),
      eventFrame('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'Checking.' } }),
      eventFrame('contentBlockStart', { contentBlockIndex: 1, start: { toolUse: { toolUseId: 'a', name: 'one' } } }),
      eventFrame('contentBlockStart', { contentBlockIndex: 2, start: { toolUse: { toolUseId: 'b', name: 'two' } } }),
      eventFrame('contentBlockDelta', { contentBlockIndex: 2, delta: { toolUse: { input: '{}' } } }),
      eventFrame('contentBlockDelta', { contentBlockIndex: 1, delta: { toolUse: { input: '{"x":1}' } } }),
      eventFrame('messageStop', { stopReason: 'tool_use' }),
    ];
    const { events } = await translate(concatBytes(frames), 11);
    const calls = events.flatMap((e) => (e.type === 'tool-call-delta' ? [[e.toolCallIndex, e.id ?? '', e.argumentsDelta]] : []));
    expect(calls).toEqual([[0, 'a', ''], [1, 'b', ''], [1, '', '{}'], [0, '', '{"x":1}']]);
    // No metadata event: the finish comes out in flush, without usage.
    expect(events.at(-1)).toEqual({ type: 'finish', index: 0, finishReason: { unified: 'tool_calls', raw: 'tool_use' } });
  });
});

describe('Bedrock ConverseStream translator on upstream failures', () => {
  const head = framesOf(textChunks).slice(0, 3);

  it.each([
    ['throttlingException', 429, 'rate_limit_error', true],
    ['modelStreamErrorException', 500, 'upstream_error', true],
    ['validationException', 400, 'invalid_request_error', false],
  ] as const)('turns a %s frame into an error event and ends the stream', async (exceptionType, status, type, retryable) => {
    const bytes = concatBytes([...head, exceptionFrame(exceptionType, 'Too many tokens, please wait before trying again.'), ...framesOf(textChunks).slice(3)]);
    const { events } = await translate(bytes, 29);
    expect(events.map((e) => e.type)).toEqual(['start', 'text-delta', 'text-delta', 'error']);
    expect(events.at(-1)).toMatchObject({
      type: 'error',
      error: { status, type, code: exceptionType, retryable, provider: 'bedrock', message: 'Too many tokens, please wait before trying again.' },
    });
  });

  it('ends with an error on a frame whose checksum does not match', async () => {
    const bad = eventFrame('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'xx' } });
    bad[bad.length - 20]! ^= 0xff;
    const { events } = await translate(concatBytes([...head, bad, ...head]), 13);
    expect(events.map((e) => e.type)).toEqual(['start', 'text-delta', 'text-delta', 'error']);
    expect(events.at(-1)).toMatchObject({ type: 'error', error: { status: 502, code: 'invalid_upstream_stream' } });
  });

  it('ends with an error when the stream stops inside a frame', async () => {
    const bytes = concatBytes(head);
    const { events } = await translate(bytes.subarray(0, bytes.length - 5), 16);
    expect(events.map((e) => e.type)).toEqual(['start', 'text-delta', 'error']);
    expect(events.at(-1)).toMatchObject({ type: 'error', error: { message: expect.stringContaining('inside a frame') } });
  });

  it('ends with an error on an event payload that is not JSON', async () => {
    const { EventStreamCodec } = await import('@smithy/eventstream-codec');
    const codec = new EventStreamCodec((b: Uint8Array) => new TextDecoder().decode(b), (s: string) => new TextEncoder().encode(s));
    const notJson = codec.encode({
      headers: { ':event-type': { type: 'string', value: 'contentBlockDelta' }, ':message-type': { type: 'string', value: 'event' } },
      body: new TextEncoder().encode('{not json'),
    });
    const { events } = await translate(concatBytes([...head, notJson, ...head]), 40);
    expect(events.map((e) => e.type)).toEqual(['start', 'text-delta', 'text-delta', 'error']);
  });
});
