import { describe, expect, it } from 'vitest';
import deepseek from '../../../../shared/fixtures/providers/deepseek/deepseek-text.chunks.txt?raw';
import groq from '../../../../shared/fixtures/providers/groq/groq-text.chunks.txt?raw';
import mistral from '../../../../shared/fixtures/providers/mistral/mistral-text.chunks.txt?raw';
import openai from '../../../../shared/fixtures/providers/openai/openai-text.chunks.txt?raw';
import mistralToolCall from '../../../test/fixtures/providers/mistral/mistral-tool-call.chunks.txt?raw';
import openaiTool from '../../../test/fixtures/providers/openai/openai-tool-call.json';
import deepseekReasoning from '../../../test/fixtures/providers/deepseek/deepseek-reasoning.json';
import groqReasoning from '../../../test/fixtures/providers/groq/groq-reasoning.json';
import deepseekText from '../../../../shared/fixtures/providers/deepseek/deepseek-text.json';
import groqText from '../../../../shared/fixtures/providers/groq/groq-text.json';
import mistralText from '../../../../shared/fixtures/providers/mistral/mistral-text.json';
import openaiText from '../../../../shared/fixtures/providers/openai/openai-text.json';
import { plainChunk, plainCompletion } from './plain-wire';
import { chatChunkSchema, chatCompletionSchema } from './wire';

const chunks = (lines: string): unknown[] => lines.split('\n').filter(Boolean).map((l) => JSON.parse(l));
const base = { id: 'c1', created: 1, model: 'm', choices: [{ index: 0, delta: { content: 'hi' }, finish_reason: null }] };
const withChoice = (choice: Record<string, unknown>) => ({ ...base, choices: [{ ...base.choices[0], ...choice }] });

describe('plainChunk, the hand check of a text chunk', () => {
  it('takes a chunk only when the schema takes it too, and reads the same fields', () => {
    let taken = 0;
    for (const chunk of [openai, groq, mistral, deepseek, mistralToolCall].flatMap(chunks)) {
      const fast = plainChunk(structuredClone(chunk));
      if (!fast) continue;
      taken++;
      const parsed = chatChunkSchema.parse(chunk);
      expect(fast).toMatchObject(parsed);
    }
    // Every text chunk but the ones carrying usage or tool calls takes the fast path.
    expect(taken).toBeGreaterThan(300);
  });

  it('leaves tool calls, reasoning and usage to the schema', () => {
    expect(plainChunk(base)).toBe(base);
    expect(plainChunk(withChoice({ delta: { tool_calls: [{ index: 0, id: 'x', function: { name: 'f', arguments: '' } }] } }))).toBeUndefined();
    expect(plainChunk(withChoice({ delta: { reasoning_content: 'think' } }))).toBeUndefined();
    expect(plainChunk(withChoice({ delta: { reasoning: 'think' } }))).toBeUndefined();
    expect(plainChunk(withChoice({ delta: { reasoning_details: [] } }))).toBeUndefined();
    expect(plainChunk({ ...base, usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } })).toBeUndefined();
    // No delta: the schema's default({}) applies there.
    expect(plainChunk(withChoice({ delta: undefined }))).toBeUndefined();
  });

  it('refuses what the schema refuses', () => {
    const bad: unknown[] = [
      null, [], 'x', { ...base, id: 1 }, { ...base, created: '1' }, { ...base, model: null }, { ...base, choices: {} },
      withChoice({ index: '0' }), withChoice({ text: 3 }), withChoice({ finish_reason: 1 }), withChoice({ delta: { content: 5 } }), withChoice({ delta: [] }),
    ];
    for (const chunk of bad) {
      expect(plainChunk(chunk)).toBeUndefined();
      expect(chatChunkSchema.safeParse(chunk).success).toBe(false);
    }
  });
});

describe('plainCompletion, the hand check of a text answer', () => {
  const answer = { id: 'c1', object: 'chat.completion', created: 1, model: 'm', choices: [{ index: 0, message: { role: 'assistant', content: 'hi' }, finish_reason: 'stop' }], usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } };
  const withMessage = (message: Record<string, unknown>) => ({ ...answer, choices: [{ ...answer.choices[0], message: { ...answer.choices[0]!.message, ...message } }] });
  const withChoice = (choice: Record<string, unknown>) => ({ ...answer, choices: [{ ...answer.choices[0], ...choice }] });

  it('takes the recorded text answers, as the schema reads them', () => {
    for (const json of [openaiText, deepseekText, groqText]) {
      const fast = plainCompletion(structuredClone(json));
      expect(fast).toBeDefined();
      expect(fast).toEqual(chatCompletionSchema.parse(json));
    }
    expect(plainCompletion(answer)).toBe(answer);
    expect(plainCompletion({ ...answer, usage: null, system_fingerprint: 'fp', service_tier: null })).toBeDefined();
  });

  it('leaves tool calls, reasoning, legacy text and defaults to the schema', () => {
    for (const json of [openaiTool, deepseekReasoning, groqReasoning, mistralText]) expect(plainCompletion(structuredClone(json))).toBeUndefined();
    expect(plainCompletion(withMessage({ reasoning_content: 'think' }))).toBeUndefined();
    expect(plainCompletion(withMessage({ reasoning: 'think' }))).toBeUndefined();
    expect(plainCompletion(withMessage({ reasoning_details: [] }))).toBeUndefined();
    expect(plainCompletion(withMessage({ tool_calls: [] }))).toBeUndefined();
    expect(plainCompletion(withChoice({ message: undefined, text: 'hi' }))).toBeUndefined();
    // No role or no content: the schema's defaults apply there.
    expect(plainCompletion(withMessage({ role: undefined }))).toBeUndefined();
    expect(plainCompletion(withMessage({ content: undefined }))).toBeUndefined();
  });

  it('refuses what the schema refuses', () => {
    const bad: unknown[] = [
      null, [], 'x', { ...answer, id: 1 }, { ...answer, created: '1' }, { ...answer, model: null }, { ...answer, choices: {} }, { ...answer, system_fingerprint: 1 },
      { ...answer, usage: { prompt_tokens: 1, total_tokens: 2 } }, { ...answer, usage: 'none' },
      withChoice({ index: '0' }), withChoice({ finish_reason: 1 }), withChoice({ finish_reason: undefined }), withMessage({ content: 5 }), withMessage({ role: 'user' }),
    ];
    for (const json of bad) {
      expect(plainCompletion(json)).toBeUndefined();
      expect(chatCompletionSchema.safeParse(json).success).toBe(false);
    }
  });
});
