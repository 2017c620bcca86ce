import { describe, expect, it } from 'vitest';
import textBody from '../../../../shared/fixtures/providers/google/google-text.json?raw';
import toolBody from '../../../../shared/fixtures/providers/google/google-tool-call.json?raw';
import { GatewayError } from '../../errors/gateway-error';
import { fromGeminiChatResponse } from './chat-response';

const ctx = { provider: 'gemini', model: 'gemini-pro-latest', requestId: 'req-9' };
/** The thoughtSignature of a recorded body's first part. */
const signatureOf = (body: string): string => JSON.parse(body).candidates[0].content.parts[0].thoughtSignature;

describe('Gemini response translation on recorded bodies', () => {
  it('reads the text answer, id, model, finish and usage', () => {
    const res = fromGeminiChatResponse(ctx, JSON.parse(textBody));
    expect(res).toMatchObject({ id: 'Un6LacrVMcjUxs0PmJfWoQc', model: 'gemini-3-pro-preview', provider: 'gemini' });
    expect(res.created).toBeGreaterThan(1_700_000_000);
    expect(res.choices).toEqual([
      {
        index: 0,
        message: {
          role: 'assistant',
          content: "There are **3** r's in strawberry.\n\nHere is the breakdown: st**r**awbe**rr**y.",
          // The signature Gemini put on the answer text: reasoning of its own, to go back next turn.
          reasoning: [{ text: '', signature: signatureOf(textBody), source: 'gemini' }],
        },
        finishReason: { unified: 'stop', raw: 'STOP' },
      },
    ]);
    expect(res.usage).toEqual({ prompt_tokens: 9, completion_tokens: 28 + 244, total_tokens: 281, completion_tokens_details: { reasoning_tokens: 244 } });
  });

  it('reads a function call as an OpenAI tool call with finish tool_calls', () => {
    const res = fromGeminiChatResponse(ctx, JSON.parse(toolBody));
    expect(res.choices[0]).toEqual({
      index: 0,
      message: {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'call_0', type: 'function', function: { name: 'weather', arguments: '{"location":"San Francisco"}' }, signature: signatureOf(toolBody) }],
      },
      finishReason: { unified: 'tool_calls', raw: 'STOP' },
    });
    expect(res.usage).toMatchObject({ prompt_tokens: 29, completion_tokens: 15 + 893, total_tokens: 937 });
  });
});

describe('Gemini response translation on edge cases', () => {
  it('throws content_blocked for a blocked prompt', () => {
    const body = { promptFeedback: { blockReason: 'SAFETY', safetyRatings: [] }, usageMetadata: { promptTokenCount: 8, totalTokenCount: 8 }, modelVersion: 'gemini-2.5-flash' };
    let error: unknown;
    try {
      fromGeminiChatResponse(ctx, body);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(GatewayError);
    expect(error).toMatchObject({ status: 400, type: 'invalid_request_error', code: 'content_blocked', retryable: false });
    expect((error as Error).message).toContain('SAFETY');
  });

  it('keeps a SAFETY-stopped empty candidate as a content_filter completion', () => {
    const res = fromGeminiChatResponse(ctx, { candidates: [{ finishReason: 'SAFETY', index: 0, safetyRatings: [] }], usageMetadata: { promptTokenCount: 8, totalTokenCount: 8 } });
    expect(res.id).toBe('chatcmpl-req-9');
    expect(res.model).toBe('gemini-pro-latest');
    expect(res.choices[0]).toEqual({ index: 0, message: { role: 'assistant', content: null }, finishReason: { unified: 'content_filter', raw: 'SAFETY' } });
    expect(res.usage).toEqual({ prompt_tokens: 8, completion_tokens: 0, total_tokens: 8 });
  });

  it('joins text parts, skips thoughts, maps MAX_TOKENS and keeps candidates apart', () => {
    const res = fromGeminiChatResponse(ctx, {
      candidates: [
        { content: { parts: [{ text: 'plan', thought: true }, { text: 'Hello, ' }, { text: 'world' }] }, finishReason: 'MAX_TOKENS' },
        { content: { parts: [{ text: 'Hi' }] }, finishReason: 'RECITATION', index: 1 },
        { content: { parts: [{ text: 'x' }] }, finishReason: 'MALFORMED_FUNCTION_CALL', index: 2 },
      ],
      usageMetadata: { promptTokenCount: 2, candidatesTokenCount: 5, totalTokenCount: 7, cachedContentTokenCount: 1 },
    });
    expect(res.choices.map((c) => [c.index, c.message.content, c.finishReason.unified])).toEqual([
      [0, 'Hello, world', 'length'],
      [1, 'Hi', 'content_filter'],
      [2, 'x', 'other'],
    ]);
    expect(res.usage).toEqual({ prompt_tokens: 2, completion_tokens: 5, total_tokens: 7, prompt_tokens_details: { cached_tokens: 1 } });
  });

  it('rejects a body that is not a GenerateContentResponse as a retryable 502', () => {
    expect(() => fromGeminiChatResponse(ctx, { candidates: 'nope' })).toThrow(expect.objectContaining({ status: 502, code: 'invalid_upstream_response', retryable: true }));
    expect(() => fromGeminiChatResponse(ctx, {})).toThrow(expect.objectContaining({ status: 502 }));
  });
});
