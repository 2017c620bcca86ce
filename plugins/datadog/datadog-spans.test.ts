import { describe, expect, it } from 'vitest';
import type { AttemptTiming } from '../../src/pipeline/timeline';
import type { LlmFacts } from '../../src/tracing/llm-facts';
import { buildRequestTrace } from '../../src/tracing/request-trace';
import { toDatadogTrace } from './datadog-spans';

const who = { service: 'gw', env: undefined, version: undefined, customTags: {} };
const facts: LlmFacts = { provider: 'openai', model: 'gpt-4o-mini', messages: [], params: {}, stream: false, outputText: 'hi', finishReasons: ['stop'], usage: { prompt_tokens: 1000, completion_tokens: 1000, total_tokens: 2000 }, cost: 0.00075 };
const attempt = (shortCircuitBy: string | null): AttemptTiming => ({ index: 0, provider: 'openai', model: 'gpt-4o-mini', start: 10, end: 20, outcome: 'response', error: null, shortCircuitBy, tries: [] });

function attemptSpan(shortCircuitBy: string | null) {
  const request = { traceId: 'ab'.repeat(16), requestId: 'r', method: 'POST', path: '/v1/chat/completions', status: 200, start: 0, end: 30, operation: 'chat' as const };
  const spans = buildRequestTrace(request, { hooks: [], attempts: [attempt(shortCircuitBy)] }, new Map([[0, facts]]));
  return toDatadogTrace(spans, who).find((s) => s.name === 'genai.chat')!;
}

describe('Datadog attempt spans', () => {
  it('carry the cost of a provider answer, and none for an answer a plugin gave (a cache hit), tokens either way', () => {
    expect(attemptSpan(null).metrics).toMatchObject({ 'heimdall.cost_usd': 0.00075, 'gen_ai.usage.input_tokens': 1000 });
    const cached = attemptSpan('semantic_cache');
    expect(cached.metrics).not.toHaveProperty('heimdall.cost_usd');
    expect(cached.metrics['gen_ai.usage.input_tokens']).toBe(1000);
    expect(cached.meta).toMatchObject({ 'heimdall.short_circuit_by': 'semantic_cache', 'span.kind': 'internal' });
  });
});
