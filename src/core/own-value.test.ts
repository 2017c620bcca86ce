import { describe, expect, it } from 'vitest';
import { mapAnthropicStreamError } from '../providers/anthropic/map-error';
import { anthropicPassthrough } from '../providers/anthropic/request-params';
import { mapStreamException } from '../providers/bedrock/map-error';
import { computeCost } from '../pricing/compute-cost';
import { ownValue } from './own-value';

const MEMBERS = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'];

describe('lookups by names from requests and upstreams see only the table', () => {
  it('ownValue finds own entries and nothing of Object', () => {
    const table: Record<string, number> = { ok: 1 };
    expect(ownValue(table, 'ok')).toBe(1);
    for (const name of MEMBERS) expect(ownValue(table, name)).toBeUndefined();
  });

  it('an upstream error type named after an Object member is an ordinary upstream error', () => {
    for (const type of MEMBERS) {
      expect(mapAnthropicStreamError('anthropic', { type, message: 'x' }).status).toBe(502);
      expect(mapStreamException('bedrock', type, 'x').status).toBe(500);
    }
  });

  it("a client's service_tier named after an Object member is refused, not sent as nothing", () => {
    for (const tier of MEMBERS) expect(() => anthropicPassthrough({ service_tier: tier })).toThrow(/service_tier/);
  });

  it('a model named after an Object member has no price', () => {
    for (const model of MEMBERS) expect(computeCost([model], { input: 1, output: 1 })).toBeUndefined();
  });
});
