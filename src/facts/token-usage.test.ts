import { describe, expect, it } from 'vitest';
import { mapUsage } from '../providers/anthropic/map-usage';
import type { ChatRequest } from '../types/chat';
import { newAttempt, recordUsage, tokenUsage } from './attempt';

describe('cache tokens as usage facts', () => {
  it('reads OpenAI\'s prompt_tokens_details.cached_tokens as cached input', () => {
    expect(tokenUsage({ prompt_tokens: 2006, completion_tokens: 300, total_tokens: 2306, prompt_tokens_details: { cached_tokens: 1920 } })).toEqual({ input: 2006, output: 300, total: 2306, cachedInput: 1920 });
  });

  it('reads Anthropic\'s cache reads and writes, both inside input', () => {
    // Anthropic's documented first call with a cache breakpoint.
    const usage = mapUsage({ input_tokens: 21, cache_creation_input_tokens: 188086, cache_read_input_tokens: 0, output_tokens: 393 });
    expect(tokenUsage(usage)).toEqual({ input: 188107, output: 393, total: 188500, cachedInput: 0, cacheWrite: 188086 });
  });

  it('prices the attempt at the cache rates', () => {
    const request: ChatRequest = { kind: 'chat', provider: 'anthropic', model: 'claude-sonnet-4-5', messages: [], stream: false, includeUsage: false, fallbacks: [], params: {} };
    const attempt = newAttempt(0, request);
    recordUsage(attempt, mapUsage({ input_tokens: 21, cache_creation_input_tokens: 0, cache_read_input_tokens: 188086, output_tokens: 393 }));
    expect(attempt.cost).toBeCloseTo((21 * 3 + 188086 * 0.3 + 393 * 15) / 1e6, 9);
  });
});
