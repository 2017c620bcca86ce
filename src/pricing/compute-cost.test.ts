import { describe, expect, it } from 'vitest';
import { computeCost, priceOf } from './compute-cost';

describe('pricing', () => {
  it('prices a known model from its usage', () => {
    const cost = computeCost(['gpt-4o-mini'], { input: 1_000_000, output: 500_000 })!;
    expect(cost.input).toBeCloseTo(0.15, 12);
    expect(cost.output).toBeCloseTo(0.3, 12);
    expect(cost.total).toBeCloseTo(0.45, 12);
  });

  it('matches dated snapshots and Bedrock ids to the longest known name', () => {
    expect(priceOf('gpt-4o-mini-2024-07-18')?.slice(0, 2)).toEqual([0.15, 0.6]);
    expect(priceOf('gpt-4o-2024-08-06')?.slice(0, 2)).toEqual([2.5, 10]);
    expect(priceOf('claude-sonnet-4-5-20250929')?.slice(0, 2)).toEqual([3, 15]);
    expect(priceOf('anthropic.claude-3-haiku-20240307-v1:0')?.slice(0, 2)).toEqual([0.25, 1.25]);
    expect(priceOf('us.anthropic.claude-3-7-sonnet-20250219-v1:0')?.slice(0, 2)).toEqual([3, 15]);
    expect(priceOf('gemini-2.5-flash-lite-preview')).toEqual([0.1, 0.4]);
  });

  it('prices by the first name it knows: the answer\'s snapshot, else the name asked for', () => {
    expect(computeCost(['gpt-4.1-nano-2025-04-14', 'my-alias'], { input: 1e6, output: 0 })!.total).toBeCloseTo(0.1, 12);
    expect(computeCost(['my-deployment-name', 'gpt-4o'], { input: 1e6, output: 0 })!.total).toBeCloseTo(2.5, 12);
    expect(computeCost([undefined, 'gpt-4o'], { input: 0, output: 1e6 })!.total).toBeCloseTo(10, 12);
  });

  it('knows nothing of unknown models rather than guessing', () => {
    expect(priceOf('my-finetune')).toBeUndefined();
    expect(computeCost(['my-finetune'], { input: 10, output: 10 })).toBeUndefined();
    // A client picks the model name: Object's own member names are not models.
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty']) {
      expect(priceOf(name)).toBeUndefined();
      expect(computeCost([name], { input: 10, output: 10 })).toBeUndefined();
    }
  });

  it('a prefix match is remembered, and answers the same the second time', () => {
    const first = priceOf('gpt-4.1-mini-2099-01-01');
    expect(first?.slice(0, 2)).toEqual([0.4, 1.6]);
    expect(priceOf('gpt-4.1-mini-2099-01-01')).toBe(first);
    expect(priceOf('unknown-2099-01-01')).toBeUndefined();
    expect(priceOf('unknown-2099-01-01')).toBeUndefined();
  });

  it('prices cache reads and writes at the model\'s cache rates, inside the input', () => {
    // Claude Sonnet 4.5: $3 input, reads 0.1×, writes 1.25×. 1M input = 600k read + 100k written + 300k plain.
    const claude = computeCost(['claude-sonnet-4-5'], { input: 1_000_000, output: 0, cachedInput: 600_000, cacheWrite: 100_000 })!;
    expect(claude.input).toBeCloseTo(0.3 * 3 + 0.6 * 0.3 + 0.1 * 3.75, 12);
    // gpt-4o-mini: cached input at $0.075 of $0.15; OpenAI has no write price, so none is charged extra.
    expect(computeCost(['gpt-4o-mini'], { input: 1_000_000, output: 0, cachedInput: 1_000_000 })!.input).toBeCloseTo(0.075, 12);
    // A model without cache prices in the table: cached tokens at the input price.
    expect(computeCost(['gemini-2.5-flash'], { input: 1_000_000, output: 0, cachedInput: 500_000 })!.input).toBeCloseTo(0.3, 12);
  });
});
