import { describe, expect, it } from 'vitest';
import { bundledPlugins } from '../plugins';
import { chat, testGateway, USER_HELLO } from './support/gateway';

const ADMIN = { authorization: 'Bearer test-admin-token', 'content-type': 'application/json' };
const gw = testGateway({ plugins: bundledPlugins, storage: true });
const admin = async (method: string, path: string, body?: unknown) =>
  gw.fetch(`/api/governance${path}`, { method, headers: ADMIN, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
/** With `max_tokens` 400, a request reserves its worst case: 17 input tokens (estimated) + 400 out. */
const ask = (vk: string, extra: Record<string, unknown> = { max_tokens: 400 }) =>
  gw.fetch('/v1/chat/completions', chat({ model: 'openai/gpt-4.1-nano', messages: USER_HELLO, ...extra }, { 'x-bf-vk': vk }));
// gpt-4.1-nano at $0.10 / $0.40 per million tokens: 16 in, 363 out per recorded answer.
const COST = (16 * 0.1 + 363 * 0.4) / 1e6;
const RESERVED = (17 * 0.1 + 400 * 0.4) / 1e6;

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
  it('admits a request only if its worst case fits the budget left, and records the exact cost', async () => {
    const k = await key({ budget_max_usd: COST * 2.5 });
    for (let i = 0; i < 2; i++) {
      expect((await ask(k.value)).status).toBe(200);
      await ledger(k.id);
    }
    // 2 × COST spent; a third's worst case (RESERVED) no longer fits in 2.5 × COST.
    expect(2 * COST + RESERVED).toBeGreaterThan(COST * 2.5);
    const refused = await ask(k.value);
    expect(refused.status).toBe(402);
    expect((await refused.json<any>()).error).toMatchObject({ code: 'budget_exceeded', message: expect.stringContaining('worst case') });
    const usage = await ledger(k.id);
    expect(usage.budget.used).toBeCloseTo(2 * COST, 12);
    expect(usage.admitted).toBe(2);
    expect(usage.reserved).toEqual({});
  });

  it('reserves the configured default output for a request without max_tokens', async () => {
    // 1024 output tokens by default: $0.00041, more than this budget, so the request is refused
    // before it could overspend; with a max_tokens that fits it goes through.
    const k = await key({ budget_max_usd: COST * 2 });
    await expectCode(await ask(k.value, {}), 402, 'budget_exceeded');
    expect((await ask(k.value, { max_completion_tokens: 400 })).status).toBe(200);
  });

  it('starts a new budget period after budget_reset', async () => {
    const k = await key({ budget_max_usd: COST * 1.5, budget_reset: '1s' });
    expect((await ask(k.value)).status).toBe(200);
    await ledger(k.id);
    await expectCode(await ask(k.value), 402, 'budget_exceeded');
    await new Promise((r) => setTimeout(r, 1100));
    expect((await ask(k.value)).status).toBe(200);
  });

  it('limits requests per window (request_limited) and tokens per window (token_limited, reserving the worst case)', async () => {
    const r = await key({ request_max: 2, request_window: '1h' });
    expect((await ask(r.value)).status).toBe(200);
    expect((await ask(r.value)).status).toBe(200);
    await expectCode(await ask(r.value), 429, 'request_limited');
    const t = await key({ token_max: 800, token_window: '1h' });
    expect((await ask(t.value)).status).toBe(200);
    await ledger(t.id);
    // 379 used + 417 reserved fits 800; then 758 used + 417 does not.
    expect((await ask(t.value)).status).toBe(200);
    await ledger(t.id);
    await expectCode(await ask(t.value), 429, 'token_limited');
    expect((await ledger(t.id)).tokens.used).toBe(2 * 379);
  });

  it('never overspends under 50 parallel requests against a 3.5-request budget, and the ledger adds up exactly', async () => {
    const k = await key({ budget_max_usd: COST * 3.5 });
    const results = await Promise.all(Array.from({ length: 50 }, () => ask(k.value, { max_tokens: 363 }).then(async (res) => ({ status: res.status, body: await res.text() }))));
    const ok = results.filter((r) => r.status === 200).length;
    expect(results.filter((r) => r.status === 402).length).toBe(50 - ok);
    expect(ok).toBeGreaterThanOrEqual(1);
    expect(ok).toBeLessThanOrEqual(4);
    const usage = await ledger(k.id);
    expect(usage.admitted).toBe(ok);
    expect(usage.settled).toBe(ok);
    expect(usage.reserved).toEqual({});
    expect(usage.budget.used).toBeCloseTo(ok * COST, 12);
    expect(usage.budget.used).toBeLessThanOrEqual(COST * 3.5);
  });

  it('keeps an exact ledger under many parallel requests against a small budget and rate limit', async () => {
    const k = await key({ budget_max_usd: COST * 3, request_max: 12, request_window: '1h' });
    const results = await Promise.all(Array.from({ length: 20 }, () => ask(k.value).then(async (res) => ({ status: res.status, body: await res.text() }))));
    const ok = results.filter((r) => r.status === 200).length;
    const refused = results.filter((r) => r.status === 429 || r.status === 402).length;
    expect(ok + refused).toBe(20);
    expect(ok).toBeLessThanOrEqual(12);
    const usage = await ledger(k.id);
    expect(usage.admitted).toBe(ok);
    expect(usage.settled).toBe(ok);
    expect(usage.requests.used).toBe(ok);
    expect(usage.budget.used).toBeCloseTo(ok * COST, 12);
    expect(usage.budget.used).toBeLessThanOrEqual(COST * 3);
  });

  it('answers rate_limited when the token and the request limit are both reached', async () => {
    const k = await key({ request_max: 1, request_window: '1h', token_max: 500, token_window: '1h' });
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

  it("a team's budget refuses a key that still has room of its own, and the key's ledger keeps no trace of it", async () => {
    const team = await (await admin('POST', '/teams', { name: 'small-team', budget_max_usd: COST * 1.5 })).json<any>();
    expect(team).toMatchObject({ name: 'small-team', budget_max_usd: COST * 1.5, budget_reset: null });
    const a = await key({ team_id: team.id, budget_max_usd: 1 });
    const b = await key({ team_id: team.id });
    expect((await ask(a.value)).status).toBe(200);
    await ledger(a.id);
    // The team has spent one answer of its 1.5: neither key's next request fits the team's budget.
    for (const k of [a, b]) {
      const res = await ask(k.value);
      expect(res.status).toBe(402);
      expect((await res.json<any>()).error.message).toContain(`team "${team.id}"`);
    }
    const usage = await (await admin('GET', `/virtual-keys/${a.id}/usage`)).json<any>();
    expect(usage.usage).toMatchObject({ admitted: 1, settled: 1, reserved: {} });
    expect(usage.usage.requests.used).toBe(1);
    expect(usage.scopes).toEqual([expect.objectContaining({ kind: 'team', id: team.id, limits: expect.objectContaining({ budget_max_usd: COST * 1.5 }) })]);
    expect(usage.scopes[0].usage.budget.used).toBeCloseTo(COST, 12);
    const teamUsage = await (await admin('GET', `/teams/${team.id}/usage`)).json<any>();
    expect(teamUsage.usage).toMatchObject({ admitted: 1, settled: 1 });
    expect(teamUsage.percent.budget).toBeCloseTo(100 / 1.5, 6);
  });

  it("a customer's budget covers its teams' keys and keys it owns directly; raising it lets them through", async () => {
    const customer = await (await admin('POST', '/customers', { name: 'acme', budget_max_usd: COST * 1.2 })).json<any>();
    const team = await (await admin('POST', '/teams', { name: 'acme-team', customer_id: customer.id })).json<any>();
    const viaTeam = await key({ team_id: team.id });
    const direct = await key({ customer_id: customer.id });
    expect((await ask(viaTeam.value)).status).toBe(200);
    await ledger(viaTeam.id);
    const refused = await ask(direct.value);
    expect(refused.status).toBe(402);
    expect((await refused.json<any>()).error.message).toContain(`customer "${customer.id}"`);
    // A partial update: only the budget changes.
    const raised = await (await admin('PUT', `/customers/${customer.id}`, { budget_max_usd: COST * 5 })).json<any>();
    expect(raised).toMatchObject({ name: 'acme', budget_max_usd: COST * 5 });
    expect((await ask(direct.value)).status).toBe(200);
    await ledger(direct.id);
    const usage = await (await admin('GET', `/customers/${customer.id}/usage`)).json<any>();
    expect(usage.usage.budget.used).toBeCloseTo(2 * COST, 12);
  });

  it('refuses a malformed limit', async () => {
    const res = await admin('POST', '/virtual-keys', { name: 'bad', budget_reset: 'daily' });
    expect(res.status).toBe(400);
    expect((await res.json<any>()).error.param).toBe('budget_reset');
  });
});
