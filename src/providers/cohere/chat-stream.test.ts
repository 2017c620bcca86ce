import { describe, expect, it } from 'vitest';
import recorded from '../../../../shared/fixtures/providers/cohere/cohere-text.chunks.txt?raw';
import { decodeSse } from '../../streams/decode-sse';
import type { StreamEvent } from '../../types/chat';
import { trickle } from '../recorded-stream.test-support';
import { cohereChatStreamTranslator } from './chat-stream';

/** Re-frames recorded payloads as Cohere's SSE bytes (`event: <type>` + `data:`), split at awkward places. */
function sseBytes(lines: string, splitEvery = 29): ReadableStream<Uint8Array> {
  const wire = lines
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const { type } = JSON.parse(l) as { type?: string };
      return `${type ? `event: ${type}\n` : ''}data: ${l}\n\n`;
    })
    .join('');
  return trickle(wire, splitEvery);
}

async function translate(lines: string, splitEvery?: number): Promise<StreamEvent[]> {
  const events: StreamEvent[] = [];
  const translator = cohereChatStreamTranslator({ provider: 'cohere', model: 'command-r-plus', fallbackId: 'chatcmpl-req-1' });
  for await (const batch of translator(decodeSse(sseBytes(lines, splitEvery)))) events.push(...batch);
  return events;
}

// A tool-calling turn in Cohere's documented v2 stream format (docs.cohere.com/v2/docs/streaming).
const toolStream = [
  { id: '9f3c5a2e-7d1b-4a8e-b6f0-2c4d8e1a3b57', type: 'message-start', delta: { message: { role: 'assistant', content: [], tool_plan: '', tool_calls: [], citations: [] } } },
  { type: 'tool-plan-delta', delta: { message: { tool_plan: 'I will look up the weather.' } } },
  { type: 'tool-call-start', index: 0, delta: { message: { tool_calls: { id: 'get_weather_nsz5zm3w56q3', type: 'function', function: { name: 'get_weather', arguments: '' } } } } },
  { type: 'tool-call-delta', index: 0, delta: { message: { tool_calls: { function: { arguments: '{"location":' } } } } },
  { type: 'tool-call-delta', index: 0, delta: { message: { tool_calls: { function: { arguments: ' "Madrid"}' } } } } },
  { type: 'tool-call-end', index: 0 },
  { type: 'tool-call-start', index: 1, delta: { message: { tool_calls: { id: 'get_weather_4ndq3kbyy0ab', type: 'function', function: { name: 'get_weather', arguments: '{"location": "Brasilia"}' } } } } },
  { type: 'tool-call-end', index: 1 },
  { type: 'message-end', delta: { finish_reason: 'TOOL_CALL', usage: { billed_units: { input_tokens: 37, output_tokens: 28 }, tokens: { input_tokens: 913, output_tokens: 81 } } } },
]
  .map((e) => JSON.stringify(e))
  .join('\n');

describe('Cohere stream translator on recorded chunks', () => {
  it.each([1, 7, 29, 4096])('yields start, the exact text, then one finish with usage (split every %i bytes)', async (splitEvery) => {
    const events = await translate(recorded, splitEvery);
    expect(events[0]).toMatchObject({ type: 'start', id: '321d178c-2c12-44d3-ae42-2f5510f6b1cc', model: 'command-r-plus' });
    const text = events.flatMap((e) => (e.type === 'text-delta' ? [e.text] : [])).join('');
    expect(text).toBe('The capital of France is Paris.');
    expect(events.filter((e) => e.type === 'finish')).toHaveLength(1);
    expect(events.at(-1)).toEqual({
      type: 'finish',
      index: 0,
      finishReason: { unified: 'stop', raw: 'COMPLETE' },
      usage: {
        prompt_tokens: 507,
        completion_tokens: 10,
        total_tokens: 517,
        prompt_tokens_details: { cached_tokens: 448 },
        billed_units: { input_tokens: 12, output_tokens: 7 },
      },
    });
    expect(events.some((e) => e.type === 'error')).toBe(false);
  });
});

describe('Cohere stream translator on tool calls', () => {
  it('numbers the calls, carries ids and names on their first delta and finishes with tool_calls', async () => {
    const events = await translate(toolStream);
    expect(events[0]).toMatchObject({ type: 'start', id: '9f3c5a2e-7d1b-4a8e-b6f0-2c4d8e1a3b57' });
    expect(events.filter((e) => e.type === 'tool-call-delta')).toEqual([
      { type: 'tool-call-delta', index: 0, toolCallIndex: 0, id: 'get_weather_nsz5zm3w56q3', name: 'get_weather', argumentsDelta: '' },
      { type: 'tool-call-delta', index: 0, toolCallIndex: 0, argumentsDelta: '{"location":' },
      { type: 'tool-call-delta', index: 0, toolCallIndex: 0, argumentsDelta: ' "Madrid"}' },
      { type: 'tool-call-delta', index: 0, toolCallIndex: 1, id: 'get_weather_4ndq3kbyy0ab', name: 'get_weather', argumentsDelta: '{"location": "Brasilia"}' },
    ]);
    expect(events.some((e) => e.type === 'text-delta')).toBe(false);
    expect(events.at(-1)).toMatchObject({
      type: 'finish',
      finishReason: { unified: 'tool_calls', raw: 'TOOL_CALL' },
      usage: { prompt_tokens: 913, completion_tokens: 81, total_tokens: 994 },
    });
  });
});

describe('Cohere stream translator on bad upstream data', () => {
  it('turns an error body in the stream into an error event', async () => {
    const events = await translate(`${recorded.split('\n')[0]}\n{"message":"internal server error, this has been reported to our developers"}`);
    expect(events.map((e) => e.type)).toEqual(['start', 'error']);
    expect(events[1]).toMatchObject({ type: 'error', error: { status: 502, message: 'internal server error, this has been reported to our developers', provider: 'cohere' } });
  });

  it('ends the stream with an error on data that is not JSON', async () => {
    const lines = recorded.split('\n').filter(Boolean);
    const events: StreamEvent[] = [];
    const bytes = new TextEncoder().encode(`event: message-start\ndata: ${lines[0]}\n\nevent: content-delta\ndata: {not json\n\nevent: content-delta\ndata: ${lines[2]}\n\n`);
    const translator = cohereChatStreamTranslator({ provider: 'cohere', model: 'm', fallbackId: 'x' });
    for await (const batch of translator(decodeSse(new Response(bytes).body!))) events.push(...batch);
    expect(events.map((e) => e.type)).toEqual(['start', 'error']);
    expect(events[1]).toMatchObject({ error: { code: 'invalid_upstream_stream' } });
  });
});
