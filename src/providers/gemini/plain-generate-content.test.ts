import { describe, expect, it } from 'vitest';
import textChunks from '../../../../shared/fixtures/providers/google/google-text.chunks.txt?raw';
import toolChunks from '../../../../shared/fixtures/providers/google/google-tool-call.chunks.txt?raw';
import text from '../../../../shared/fixtures/providers/google/google-text.json';
import tool from '../../../../shared/fixtures/providers/google/google-tool-call.json';
import partialArgs from '../../../test/fixtures/providers/google/google-partial-args.chunks.txt?raw';
import reasoning from '../../../test/fixtures/providers/google/google-reasoning-gemini3.json';
import { plainGenerateContent } from './plain-generate-content';
import { generateContentResponseSchema } from './wire';

const lines = (raw: string): unknown[] => raw.split('\n').filter(Boolean).map((l) => JSON.parse(l));
const base = { candidates: [{ content: { parts: [{ text: 'hi' }], role: 'model' }, index: 0 }], usageMetadata: { promptTokenCount: 1, totalTokenCount: 2 }, modelVersion: 'gemini', responseId: 'r' };
const withPart = (part: unknown) => ({ ...base, candidates: [{ ...base.candidates[0], content: { parts: [part], role: 'model' } }] });

describe('plainGenerateContent, the hand check of a Gemini answer or chunk', () => {
  it('takes the recorded text and thought answers and chunks, and reads them as the schema does', () => {
    let taken = 0;
    for (const json of [...lines(textChunks), ...lines(toolChunks), ...lines(partialArgs), text, tool, reasoning]) {
      const fast = plainGenerateContent(structuredClone(json));
      if (!fast) continue;
      taken++;
      expect(fast).toEqual(generateContentResponseSchema.parse(json));
    }
    expect(plainGenerateContent(structuredClone(text))).toBeDefined();
    expect(plainGenerateContent(structuredClone(reasoning))).toBeDefined();
    expect(lines(textChunks).every((c) => plainGenerateContent(c))).toBe(true);
    expect(taken).toBeGreaterThan(lines(textChunks).length);
  });

  it('leaves function calls and prompt feedback to the schema', () => {
    expect(plainGenerateContent(structuredClone(tool))).toBeUndefined();
    expect(plainGenerateContent(withPart({ functionCall: { name: 'f', args: {} } }))).toBeUndefined();
    expect(plainGenerateContent({ promptFeedback: { blockReason: 'SAFETY' } })).toBeUndefined();
    expect(plainGenerateContent({ ...base, candidates: null })).toBeDefined();
  });

  it('refuses what the schema refuses', () => {
    const bad: unknown[] = [
      null, [], 'x', { ...base, modelVersion: 1 }, { ...base, responseId: {} }, { ...base, candidates: {} }, { ...base, usageMetadata: 'u' },
      { ...base, usageMetadata: { totalTokenCount: '2' } }, { ...base, candidates: [null] }, { ...base, candidates: [{ index: '0' }] },
      { ...base, candidates: [{ finishReason: 1 }] }, { ...base, candidates: [{ content: [] }] }, { ...base, candidates: [{ content: { role: 1 } }] },
      { ...base, candidates: [{ content: { parts: {} } }] }, withPart(null), withPart({ text: 1 }), withPart({ thought: 'yes' }), withPart({ thoughtSignature: 2 }),
    ];
    for (const json of bad) {
      expect(plainGenerateContent(json)).toBeUndefined();
      expect(generateContentResponseSchema.safeParse(json).success).toBe(false);
    }
  });
});
