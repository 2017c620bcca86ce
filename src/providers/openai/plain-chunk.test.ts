import { describe, expect, it } from 'vitest';
import deepseek from '../../../../shared/fixtures/providers/deepseek/deepseek-text.chunks.txt?raw';
import groq from '../../../../shared/fixtures/providers/groq/groq-text.chunks.txt?raw';
import mistral from '../../../../shared/fixtures/providers/mistral/mistral-text.chunks.txt?raw';
import openai from '../../../../shared/fixtures/providers/openai/openai-text.chunks.txt?raw';
import mistralToolCall from '../../../test/fixtures/providers/mistral/mistral-tool-call.chunks.txt?raw';
import { plainChunk } from './plain-chunk';
import { chatChunkSchema } from './wire';

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
