import { describe, expect, it } from 'vitest';
import { buildRequestTrace } from '../../src/tracing/request-trace';
import { attemptOf, finishedOf } from '../../test/support/finished';
import { toDatadogTrace } from './datadog-spans';

const who = { service: 'gw', env: undefined, version: undefined, customTags: {} };

function attemptSpan(answeredBy: string | null) {
  // The gateway reports a plugin's answer at cost 0; the span leaves the cost out.
  const attempt = attemptOf({ start: 10, end: 20, answeredBy, outputText: 'hi', finishReasons: ['stop'], usage: { input: 1000, output: 1000, total: 2000 }, cost: answeredBy ? 0 : 0.00075 });
  const spans = buildRequestTrace(finishedOf({ attempts: [attempt], answer: attempt }));
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
