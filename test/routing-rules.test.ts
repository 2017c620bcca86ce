import { describe, expect, it } from 'vitest';
import { bundledPlugins } from '../plugins';
import { chat, testGateway, upstreamRecords, USER_HELLO } from './support/gateway';

const routing_rules = [
  { name: 'cheap-tier', when: { headers: { 'x-tier': 'free' } }, route_to: 'deepseek/deepseek-chat' },
  { name: 'nano-family', when: { provider: 'openai', model: 'gpt-5*' }, route_to: 'openai/gpt-4.1-nano' },
  { name: 'safety-net', when: { model: 'fail-500' }, fallbacks: ['deepseek/deepseek-chat'] },
  // Would send every openai attempt to a failing model, if it were applied to fallbacks too.
  { name: 'primary-only', when: { provider: 'openai', model: 'flaky' }, route_to: 'openai/fail-429' },
];
const gw = testGateway({ plugins: bundledPlugins, sections: { governance: { routing_rules } } });
const ask = (body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  gw.fetch('/v1/chat/completions', chat({ messages: USER_HELLO, ...body }, headers));

describe('governance routing rules (the config file\'s top-level governance section)', () => {
  it('reroutes by header', async () => {
    const res = await ask({ model: 'openai/gpt-4.1-nano' }, { 'x-tier': 'free' });
    expect((await res.json<any>()).extra_fields.provider).toBe('deepseek');
  });

  it('reroutes by provider and model prefix', async () => {
    const res = await ask({ model: 'openai/gpt-5-pro', user: 'route-prefix' });
    expect(res.status).toBe(200);
    expect((await upstreamRecords('route-prefix')).map((r) => r.body.model)).toEqual(['gpt-4.1-nano']);
  });

  it('adds fallbacks', async () => {
    const res = await ask({ model: 'openai/fail-500' });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-bf-fallback-index')).toBe('1');
  });

  it('applies to the primary attempt only, never re-routing a fallback', async () => {
    const res = await ask({ model: 'openai/flaky', fallbacks: ['openai/gpt-4.1-nano'], user: 'route-once' });
    expect(res.status).toBe(200);
    expect((await upstreamRecords('route-once')).map((r) => r.body.model)).toEqual(['fail-429', 'gpt-4.1-nano']);
  });

  it('leaves requests no rule matches alone', async () => {
    const res = await ask({ model: 'openai/gpt-4.1-nano', user: 'route-none' });
    expect((await upstreamRecords('route-none')).map((r) => r.body.model)).toEqual(['gpt-4.1-nano']);
    expect(res.status).toBe(200);
  });

  it('refuses a malformed rule at startup, naming the field', async () => {
    const { createGateway } = await import('../src/gateway');
    expect(() => createGateway({ plugins: bundledPlugins, config: { governance: { routing_rules: [{ name: 'x', route_to: 'no-slash' }] } } })).toThrow(
      /governance\.routing_rules\[0\] \("x"\)\.route_to: must be "provider\/model"/,
    );
  });

  it('routes by the key\'s usage of its budget (min_usage_percent)', async () => {
    const rules = [{ name: 'thrifty', when: { min_usage_percent: { budget: 50 } }, route_to: 'deepseek/deepseek-chat' }];
    const g = testGateway({ plugins: bundledPlugins, storage: true, sections: { governance: { routing_rules: rules } } });
    const admin = { authorization: 'Bearer test-admin-token', 'content-type': 'application/json' };
    // One gpt-4.1-nano answer costs 16 × $0.10 + 363 × $0.40 per million tokens: the budget holds
    // one and a half, so one answer uses two thirds of it (clear of the 50 % line either way).
    const budget = 1.5 * ((16 * 0.1 + 363 * 0.4) / 1e6);
    const key = await (await g.fetch('/api/governance/virtual-keys', { method: 'POST', headers: admin, body: JSON.stringify({ name: 'thrifty', budget_max_usd: budget }) })).json<any>();
    // A small max_tokens keeps each request's reserved worst case within what the budget has left.
    const askWith = () => g.fetch('/v1/chat/completions', chat({ model: 'openai/gpt-4.1-nano', messages: USER_HELLO, max_tokens: 50 }, { 'x-bf-vk': key.value })).then((r) => r.json<any>());
    expect((await askWith()).extra_fields.provider).toBe('openai');
    // Settlement runs in waitUntil: wait (bounded) for the first request's cost to reach the ledger.
    for (let i = 0; i < 100; i++) {
      const { usage } = await (await g.fetch(`/api/governance/virtual-keys/${key.id}/usage`, { headers: admin })).json<any>();
      if (usage.settled === 1) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    expect((await askWith()).extra_fields.provider).toBe('deepseek');
    // A request without a key has no usage, so the rule never matches it.
    expect((await ask({ model: 'openai/gpt-4.1-nano' })).status).toBe(200);
  });
});
