import { describe, expect, it } from 'vitest';
import { bundledPlugins } from '../plugins';
import { chat, testGateway, USER_HELLO } from './support/gateway';

const ADMIN = { authorization: 'Bearer test-admin-token', 'content-type': 'application/json' };
const gw = testGateway({ plugins: bundledPlugins, storage: true });
const admin = async (method: string, path: string, body?: unknown) =>
  gw.fetch(`/api/governance${path}`, { method, headers: ADMIN, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
const ask = (vk: string, model = 'openai/gpt-4.1-nano') => gw.fetch('/v1/chat/completions', chat({ model, messages: USER_HELLO }, { 'x-bf-vk': vk }));
// gpt-4.1-nano at $0.10 / $0.40 per million tokens: 16 in, 363 out per recorded answer.
const COST = (16 * 0.1 + 363 * 0.4) / 1e6;

async function key(limits: Record<string, unknown>): Promise<{ id: string; value: string }> {
  const res = await admin('POST', '/virtual-keys', { name: `k-${crypto.randomUUID()}`, ...limits });
  expect(res.status).toBe(201);
  return res.json();
}

/** Settlements run in waitUntil: wait (bounded) until the ledger has heard back from every admitted request. */
async function ledger(id: string): Promise<any> {
  for (let i = 0; i < 100; i++) {
    const { usage } = await (await admin('GET', `/virtual-keys/${id}/usage`)).json<any>();
    if (usage.settled === usage.admitted) return usage;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('ledger did not settle');
}

async function expectCode(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  expect((await res.json<any>()).error.code).toBe(code);
}

describe('governance: budgets and rate limits', () => {
  it('refuses with budget_exceeded (402) once the budget is spent, and records the exact cost', async () => {
    const k = await key({ budget_max_usd: COST * 2.5 });
    for (let i = 0; i < 3; i++) {
      expect((await ask(k.value)).status).toBe(200);
      await ledger(k.id);
    }
    await expectCode(await ask(k.value), 402, 'budget_exceeded');
    const usage = await ledger(k.id);
    expect(usage.budget.used).toBeCloseTo(3 * COST, 12);
    expect(usage.admitted).toBe(3);
  });

  it('starts a new budget period after budget_reset', async () => {
    const k = await key({ budget_max_usd: COST / 2, budget_reset: '1s' });
    expect((await ask(k.value)).status).toBe(200);
    await ledger(k.id);
    await expectCode(await ask(k.value), 402, 'budget_exceeded');
    await new Promise((r) => setTimeout(r, 1100));
    expect((await ask(k.value)).status).toBe(200);
  });

  it('limits requests per window (request_limited) and tokens per window (token_limited)', async () => {
    const r = await key({ request_max: 2, request_window: '1h' });
    expect((await ask(r.value)).status).toBe(200);
    expect((await ask(r.value)).status).toBe(200);
    await expectCode(await ask(r.value), 429, 'request_limited');
    const t = await key({ token_max: 500, token_window: '1h' });
    expect((await ask(t.value)).status).toBe(200);
    await ledger(t.id);
    expect((await ask(t.value)).status).toBe(200);
    await ledger(t.id);
    await expectCode(await ask(t.value), 429, 'token_limited');
    expect((await ledger(t.id)).tokens.used).toBe(2 * 379);
  });

  it('keeps an exact ledger under many parallel requests against a small budget and rate limit', async () => {
    const k = await key({ budget_max_usd: COST * 3, request_max: 12, request_window: '1h' });
    const results = await Promise.all(Array.from({ length: 20 }, () => ask(k.value).then(async (res) => ({ status: res.status, body: await res.text() }))));
    const ok = results.filter((r) => r.status === 200).length;
    const refused = results.filter((r) => r.status === 429 || r.status === 402).length;
    expect(ok + refused).toBe(20);
    // The rate limit is exact: never more than 12 admitted.
    expect(ok).toBeLessThanOrEqual(12);
    const usage = await ledger(k.id);
    expect(usage.admitted).toBe(ok);
    expect(usage.settled).toBe(ok);
    expect(usage.requests.used).toBe(ok);
    // Every admitted request is in the ledger, at its exact cost.
    expect(usage.budget.used).toBeCloseTo(ok * COST, 12);
    // The budget is overshot by at most the requests that were admitted while it still had room.
    // Afterwards the key is refused: by its budget once spent (checked first), else by the rate limit.
    const spent = ok >= 3;
    await expectCode(await ask(k.value), spent ? 402 : 429, spent ? 'budget_exceeded' : 'request_limited');
  });

  it('answers rate_limited when the token and the request limit are both reached', async () => {
    const k = await key({ request_max: 1, request_window: '1h', token_max: 100, token_window: '1h' });
    expect((await ask(k.value)).status).toBe(200);
    await ledger(k.id);
    await expectCode(await ask(k.value), 429, 'rate_limited');
  });

  it('counts embeddings against budgets and token limits', async () => {
    // text-embedding-3-small at $0.02 per million tokens; the recorded answer used 12.
    const k = await key({ token_max: 20, token_window: '1h', budget_max_usd: 1 });
    const embed = () => gw.fetch('/v1/embeddings', { method: 'POST', headers: { 'content-type': 'application/json', 'x-bf-vk': k.value }, body: JSON.stringify({ model: 'openai/text-embedding-3-small', input: 'x' }) });
    expect((await embed()).status).toBe(200);
    expect((await ledger(k.id)).tokens.used).toBe(12);
    expect((await embed()).status).toBe(200);
    const usage = await ledger(k.id);
    expect(usage.tokens.used).toBe(24);
    expect(usage.budget.used).toBeCloseTo((24 * 0.02) / 1e6, 15);
    await expectCode(await embed(), 429, 'token_limited');
    const { percent } = await (await admin('GET', `/virtual-keys/${k.id}/usage`)).json<any>();
    expect(percent).toEqual({ budget: expect.closeTo((24 * 0.02) / 1e6 * 100, 12), tokens: 120, requests: null });
  });

  it('refuses a malformed limit', async () => {
    const res = await admin('POST', '/virtual-keys', { name: 'bad', budget_reset: 'daily' });
    expect(res.status).toBe(400);
    expect((await res.json<any>()).error.param).toBe('budget_reset');
  });
});
