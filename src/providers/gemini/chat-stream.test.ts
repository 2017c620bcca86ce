import { describe, expect, it } from 'vitest';
import textChunks from '../../../../shared/fixtures/providers/google/google-text.chunks.txt?raw';
import toolChunks from '../../../../shared/fixtures/providers/google/google-tool-call.chunks.txt?raw';
import partialArgs from '../../../test/fixtures/providers/google/google-partial-args.chunks.txt?raw';
import { GatewayError } from '../../errors/gateway-error';
import { decodeSse } from '../../streams/decode-sse';
import type { StreamEvent } from '../../types/chat';
import { trickle } from '../recorded-stream.test-support';
import { geminiChatStreamTranslator } from './chat-stream';

const lines = (payloads: string) => payloads.split('\n').filter((l) => l.trim() !== '');

/** Re-frames recorded payloads as the SSE bytes Google sends (CRLF), split at awkward places. */
function sseBytes(payloads: string, splitEvery: number): ReadableStream<Uint8Array> {
  return trickle(lines(payloads).map((l) => `data: ${l}\r\n\r\n`).join(''), splitEvery);
}

async function translate(payloads: string, splitEvery = 37): Promise<StreamEvent[]> {
  const ctx = { provider: 'gemini', model: 'gemini-3-pro-preview', requestId: 'req-1' };
  const events: StreamEvent[] = [];
  for await (const batch of geminiChatStreamTranslator(ctx)(decodeSse(sseBytes(payloads, splitEvery)))) events.push(...batch);
  return events;
}

const recordedText = (payloads: string) =>
  lines(payloads)
    .flatMap((l) => JSON.parse(l).candidates[0].content.parts.map((p: { text?: string }) => p.text ?? ''))
    .join('');

const textOf = (events: StreamEvent[]) => events.flatMap((e) => (e.type === 'text-delta' ? [e.text] : [])).join('');

describe('Gemini stream translator on recorded google-text chunks', () => {
  it.each([1, 7, 37, 500, 100_000])('yields start, the exact text, then one finish with the final usage (split every %i bytes)', async (split) => {
    const events = await translate(textChunks, split);
    expect(events[0]).toMatchObject({ type: 'start', id: 'bH6LaZW8Fp_3nsEPqtaSwQ4', model: 'gemini-3-pro-preview' });
    expect(textOf(events)).toBe('There are **3** "r"s in strawberry.\n\nst**r**awbe**rr**y');
    expect(textOf(events)).toBe(recordedText(textChunks));
    expect(events.filter((e) => e.type === 'finish')).toHaveLength(1);
    expect(events.at(-1)).toEqual({
      type: 'finish',
      index: 0,
      finishReason: { unified: 'stop', raw: 'STOP' },
      usage: { prompt_tokens: 9, completion_tokens: 23 + 185, total_tokens: 217, completion_tokens_details: { reasoning_tokens: 185 } },
    });
    expect(events.some((e) => e.type === 'error' || e.type === 'tool-call-delta')).toBe(false);
  });
});

describe('Gemini stream translator on recorded google-tool-call chunks', () => {
  it('yields the whole function call as one tool-call delta and finishes with tool_calls', async () => {
    const events = await translate(toolChunks, 13);
    expect(events.map((e) => e.type)).toEqual(['start', 'tool-call-delta', 'finish']);
    expect(events[0]).toMatchObject({ type: 'start', id: 'b36LacjwM668nsEP2tbsgQQ', model: 'gemini-3-pro-preview' });
    expect(events[1]).toEqual({
      type: 'tool-call-delta',
      index: 0,
      toolCallIndex: 0,
      id: 'call_0',
      name: 'weather',
      argumentsDelta: '{"location":"San Francisco"}',
      signature: JSON.parse(toolChunks.split('\n')[0]!).candidates[0].content.parts[0].thoughtSignature,
    });
    expect(events[2]).toEqual({
      type: 'finish',
      index: 0,
      finishReason: { unified: 'tool_calls', raw: 'STOP' },
      usage: { prompt_tokens: 29, completion_tokens: 15 + 45, total_tokens: 89, completion_tokens_details: { reasoning_tokens: 45 } },
    });
  });
});

describe('Gemini stream translator on other upstream data', () => {
  const chunk = (candidates: unknown[], usage?: Record<string, number>) =>
    JSON.stringify({ candidates, ...(usage ? { usageMetadata: usage } : {}), modelVersion: 'gemini-2.5-flash', responseId: 'r1' });
  const text = (t: string, index?: number, finishReason?: string) => ({
    content: { role: 'model', parts: [{ text: t }] },
    ...(index === undefined ? {} : { index }),
    ...(finishReason ? { finishReason } : {}),
  });

  it('turns a blocked prompt into a content_blocked error and stops', async () => {
    const events = await translate(JSON.stringify({ promptFeedback: { blockReason: 'PROHIBITED_CONTENT' }, usageMetadata: { promptTokenCount: 5, totalTokenCount: 5 } }));
    expect(events).toHaveLength(1);
    const [event] = events;
    expect(event?.type).toBe('error');
    const error = event?.type === 'error' ? event.error : undefined;
    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toMatchObject({ status: 400, type: 'invalid_request_error', code: 'content_blocked', retryable: false, provider: 'gemini' });
    expect(error?.message).toContain('PROHIBITED_CONTENT');
  });

  it('turns an upstream error object into an error event with its code as status', async () => {
    const events = await translate(
      [chunk([text('Hel')]), JSON.stringify({ error: { code: 503, message: 'The model is overloaded. Please try again later.', status: 'UNAVAILABLE' } })].join('\n'),
    );
    expect(events.map((e) => e.type)).toEqual(['start', 'text-delta', 'error']);
    expect(events[2]).toMatchObject({ type: 'error', error: { status: 503, type: 'upstream_error', code: 'UNAVAILABLE', retryable: true, message: 'The model is overloaded. Please try again later.' } });
  });

  it('ends the stream with an error on a chunk that is not JSON', async () => {
    const events = await translate(`${chunk([text('hi')])}\nnot json\n${chunk([text('never')])}`);
    expect(events.map((e) => e.type)).toEqual(['start', 'text-delta', 'error']);
    expect(events[2]).toMatchObject({ error: { status: 502, code: 'invalid_upstream_stream', retryable: true } });
  });

  it('reports a SAFETY stop as content_filter after the text that came before it', async () => {
    const events = await translate([chunk([text('Sure, ')]), chunk([{ finishReason: 'SAFETY', index: 0 }], { promptTokenCount: 4, candidatesTokenCount: 2, totalTokenCount: 6 })].join('\n'));
    expect(textOf(events)).toBe('Sure, ');
    expect(events.at(-1)).toEqual({ type: 'finish', index: 0, finishReason: { unified: 'content_filter', raw: 'SAFETY' }, usage: { prompt_tokens: 4, completion_tokens: 2, total_tokens: 6 } });
  });

  it('waits for usage that comes after the stop, and for every candidate to stop', async () => {
    const events = await translate(
      [
        chunk([text('a', 0), text('b', 1)]),
        chunk([text('!', 0, 'STOP')], { promptTokenCount: 3, candidatesTokenCount: 1, totalTokenCount: 4 }),
        chunk([text('?', 1, 'MAX_TOKENS')]),
        JSON.stringify({ usageMetadata: { promptTokenCount: 3, candidatesTokenCount: 4, totalTokenCount: 7, cachedContentTokenCount: 2 } }),
      ].join('\n'),
    );
    const usage = { prompt_tokens: 3, completion_tokens: 4, total_tokens: 7, prompt_tokens_details: { cached_tokens: 2 } };
    expect(events.filter((e) => e.type === 'finish')).toEqual([
      { type: 'finish', index: 0, finishReason: { unified: 'stop', raw: 'STOP' }, usage },
      { type: 'finish', index: 1, finishReason: { unified: 'length', raw: 'MAX_TOKENS' }, usage },
    ]);
    expect(events.slice(-2).map((e) => e.type)).toEqual(['finish', 'finish']);
  });

  it('emits a finish without usage in flush when Gemini never sent any', async () => {
    const events = await translate(chunk([text('ok', undefined, 'STOP')]));
    expect(events.at(-1)).toEqual({ type: 'finish', index: 0, finishReason: { unified: 'stop', raw: 'STOP' } });
  });

  it('leaves thought summaries out of the answer text and numbers parallel calls', async () => {
    const events = await translate(
      chunk(
        [
          {
            content: {
              parts: [
                { text: 'Thinking about weather', thought: true },
                { functionCall: { name: 'weather', args: { city: 'Oslo' } } },
                { functionCall: { id: 'fc-7', name: 'time', args: {} } },
              ],
            },
            finishReason: 'STOP',
          },
        ],
        { promptTokenCount: 1, candidatesTokenCount: 1, totalTokenCount: 2 },
      ),
    );
    expect(textOf(events)).toBe('');
    expect(events.filter((e) => e.type === 'tool-call-delta')).toEqual([
      { type: 'tool-call-delta', index: 0, toolCallIndex: 0, id: 'call_0', name: 'weather', argumentsDelta: '{"city":"Oslo"}' },
      { type: 'tool-call-delta', index: 0, toolCallIndex: 1, id: 'fc-7', name: 'time', argumentsDelta: '{}' },
    ]);
    expect(events.at(-1)).toMatchObject({ type: 'finish', finishReason: { unified: 'tool_calls', raw: 'STOP' } });
  });
});

describe('Gemini stream translator on streamed function-call arguments (partialArgs)', () => {
  const calls = (events: StreamEvent[]) => events.filter((e) => e.type === 'tool-call-delta');

  it.each([1, 37, 100_000])('assembles the pieces into one whole call, split every %i bytes', async (split) => {
    const events = await translate(partialArgs, split);
    expect(calls(events)).toEqual([{ type: 'tool-call-delta', index: 0, toolCallIndex: 0, id: 'call_partial_1', name: 'get_weather', argumentsDelta: '{"location":"NewYorkCity","unit":"C"}', signature: 'sig_partial_1' }]);
    expect(events.at(-1)).toMatchObject({ type: 'finish', finishReason: { unified: 'tool_calls' }, usage: { prompt_tokens: 25, completion_tokens: 4 } });
    expect(events.some((e) => e.type === 'error')).toBe(false);
  });

  it('places nested paths, numbers and booleans, and closes a call with willContinue: false', async () => {
    const chunk = (part: unknown, finish?: string) => JSON.stringify({ candidates: [{ content: { parts: [{ functionCall: part }], role: 'model' }, index: 0, ...(finish ? { finishReason: finish } : {}) }] });
    const payloads = [
      chunk({ name: 'recipe', willContinue: true }),
      chunk({ partialArgs: [{ jsonPath: '$.recipe.ingredients[0].name', stringValue: 'San ', willContinue: true }], willContinue: true }),
      chunk({ partialArgs: [{ jsonPath: '$.recipe.ingredients[0].name', stringValue: 'Marzano' }, { jsonPath: '$.recipe.quantity', numberValue: 2 }, { jsonPath: "$['vegan']", boolValue: true }], willContinue: false }),
      chunk({ name: 'time', args: { zone: 'UTC' } }, 'STOP'),
    ].join('\n');
    const got = calls(await translate(payloads)).map((e) => (e.type === 'tool-call-delta' ? [e.toolCallIndex, e.name, JSON.parse(e.argumentsDelta)] : []));
    expect(got).toEqual([
      [0, 'recipe', { recipe: { ingredients: [{ name: 'San Marzano' }], quantity: 2 }, vegan: true }],
      [1, 'time', { zone: 'UTC' }],
    ]);
  });

  it('fails the stream on a piece whose path it cannot place, rather than pass on a wrong call', async () => {
    const chunk = (part: unknown) => JSON.stringify({ candidates: [{ content: { parts: [{ functionCall: part }] }, index: 0 }] });
    for (const jsonPath of ['$.__proto__.polluted', '$..deep', `$${'.a'.repeat(40)}`, '$.list[99999999]']) {
      const events = await translate([chunk({ name: 'f', willContinue: true }), chunk({ partialArgs: [{ jsonPath, stringValue: 'x' }], willContinue: true })].join('\n'));
      expect(events.at(-1), jsonPath).toMatchObject({ type: 'error' });
      expect(calls(events), jsonPath).toEqual([]);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
