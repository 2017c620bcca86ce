import { describe, expect, it } from 'vitest';
import deepseek from '../../../../shared/fixtures/providers/deepseek/deepseek-text.chunks.txt?raw';
import groq from '../../../../shared/fixtures/providers/groq/groq-text.chunks.txt?raw';
import mistral from '../../../../shared/fixtures/providers/mistral/mistral-text.chunks.txt?raw';
import openai from '../../../../shared/fixtures/providers/openai/openai-text.chunks.txt?raw';
import deepseekReasoningChunks from '../../../test/fixtures/providers/deepseek/deepseek-reasoning.chunks.txt?raw';
import mistralToolCall from '../../../test/fixtures/providers/mistral/mistral-tool-call.chunks.txt?raw';
import openrouterReasoningChunks from '../../../test/fixtures/providers/openrouter/openrouter-claude-reasoning.chunks.txt?raw';
import deepseekTool from '../../../test/fixtures/providers/deepseek/deepseek-tool-call.json';
import openrouterReasoning from '../../../test/fixtures/providers/openrouter/openrouter-claude-reasoning.json';
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

describe('plainChunk, the hand check of a stream chunk', () => {
  it('takes a chunk only when the schema takes it too, and reads the same fields', () => {
    let taken = 0;
    let calls = 0;
    let thoughts = 0;
    for (const chunk of [openai, groq, mistral, deepseek, mistralToolCall, deepseekReasoningChunks, openrouterReasoningChunks].flatMap(chunks)) {
      const fast = plainChunk(structuredClone(chunk));
      if (!fast) continue;
      taken++;
      if (fast.choices.some((c) => c.delta.tool_calls)) calls++;
      if (fast.choices.some((c) => c.delta.reasoning_content ?? c.delta.reasoning)) thoughts++;
      expect(fast).toEqual(chatChunkSchema.parse(chunk));
    }
    // Every chunk but the ones carrying usage or reasoning details takes the fast path.
    expect(taken).toBeGreaterThan(300);
    expect(calls).toBeGreaterThan(0);
    expect(thoughts).toBeGreaterThan(10);
  });

  it('takes text, reasoning text and tool-call fragments; leaves reasoning details, usage and defaults to the schema', () => {
    expect(plainChunk(base)).toBe(base);
    const fragment = withChoice({ delta: { tool_calls: [{ index: 0, id: 'x', function: { name: 'f', arguments: '' } }, { function: { arguments: '{"a"' } }, {}] } });
    expect(plainChunk(fragment)).toBe(fragment);
    const thought = withChoice({ delta: { content: null, reasoning_content: 'think', reasoning: null } });
    expect(plainChunk(thought)).toBe(thought);
    expect(plainChunk(withChoice({ delta: { reasoning_details: [] } }))).toBeUndefined();
    expect(plainChunk({ ...base, usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } })).toBeUndefined();
    // No delta: the schema's default({}) applies there.
    expect(plainChunk(withChoice({ delta: undefined }))).toBeUndefined();
  });

  it('refuses what the schema refuses', () => {
    const bad: unknown[] = [
      null, [], 'x', { ...base, id: 1 }, { ...base, created: '1' }, { ...base, model: null }, { ...base, choices: {} },
      withChoice({ index: '0' }), withChoice({ text: 3 }), withChoice({ finish_reason: 1 }), withChoice({ delta: { content: 5 } }), withChoice({ delta: [] }),
      withChoice({ delta: { reasoning_content: 1 } }), withChoice({ delta: { reasoning: {} } }), withChoice({ delta: { tool_calls: {} } }),
      withChoice({ delta: { tool_calls: [null] } }), withChoice({ delta: { tool_calls: [{ index: '0' }] } }), withChoice({ delta: { tool_calls: [{ id: 3 }] } }),
      withChoice({ delta: { tool_calls: [{ function: 'f' }] } }), withChoice({ delta: { tool_calls: [{ function: { name: 1 } }] } }), withChoice({ delta: { tool_calls: [{ function: { arguments: {} } }] } }),
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

  it('takes the recorded answers, text, reasoning and tool calls, as the schema reads them', () => {
    for (const json of [openaiText, deepseekText, groqText, openaiTool, deepseekTool, deepseekReasoning, groqReasoning]) {
      const fast = plainCompletion(structuredClone(json));
      expect(fast).toBeDefined();
      expect(fast).toEqual(chatCompletionSchema.parse(json));
    }
    expect(plainCompletion(answer)).toBe(answer);
    expect(plainCompletion({ ...answer, usage: null, system_fingerprint: 'fp', service_tier: null })).toBeDefined();
    const called = withMessage({ content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'f', arguments: '{}' } }], reasoning_content: 'why' });
    expect(plainCompletion(called)).toBe(called);
  });

  it('leaves reasoning details, legacy text and defaults to the schema', () => {
    for (const json of [openrouterReasoning, mistralText]) expect(plainCompletion(structuredClone(json))).toBeUndefined();
    expect(plainCompletion(withMessage({ reasoning_details: [] }))).toBeUndefined();
    expect(plainCompletion(withChoice({ message: undefined, text: 'hi' }))).toBeUndefined();
    // No role, no content, a tool call without its type: the schema's defaults apply there.
    expect(plainCompletion(withMessage({ role: undefined }))).toBeUndefined();
    expect(plainCompletion(withMessage({ content: undefined }))).toBeUndefined();
    expect(plainCompletion(withMessage({ tool_calls: [{ id: 'c', function: { name: 'f', arguments: '{}' } }] }))).toBeUndefined();
  });

  it('refuses what the schema refuses', () => {
    const bad: unknown[] = [
      null, [], 'x', { ...answer, id: 1 }, { ...answer, created: '1' }, { ...answer, model: null }, { ...answer, choices: {} }, { ...answer, system_fingerprint: 1 },
      { ...answer, usage: { prompt_tokens: 1, total_tokens: 2 } }, { ...answer, usage: 'none' },
      withChoice({ index: '0' }), withChoice({ finish_reason: 1 }), withChoice({ finish_reason: undefined }), withMessage({ content: 5 }), withMessage({ role: 'user' }),
      withMessage({ reasoning_content: 1 }), withMessage({ reasoning: [] }), withMessage({ tool_calls: null }), withMessage({ tool_calls: [{ id: 1, type: 'function', function: { name: 'f', arguments: '' } }] }),
      withMessage({ tool_calls: [{ id: 'c', type: 'custom', function: { name: 'f', arguments: '' } }] }), withMessage({ tool_calls: [{ id: 'c', type: 'function', function: { name: 'f' } }] }),
      withMessage({ tool_calls: [{ id: 'c', type: 'function' }] }),
    ];
    for (const json of bad) {
      expect(plainCompletion(json)).toBeUndefined();
      expect(chatCompletionSchema.safeParse(json).success).toBe(false);
    }
  });
});
