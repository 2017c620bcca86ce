import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { bundledPlugins } from '../plugins';
import { chat, testGateway, USER_HELLO } from './support/gateway';

const ADMIN = { authorization: 'Bearer test-admin-token', 'content-type': 'application/json' };
const gw = testGateway({ plugins: bundledPlugins, storage: true, client: { enable_logging: true, log_flush_delay_ms: 0 } });
const strict = testGateway({ plugins: bundledPlugins, storage: true, client: { enforce_auth_on_inference: true } });
const admin = (method: string, path: string, body?: unknown) =>
  gw.fetch(`/api/governance${path}`, { method, headers: ADMIN, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
const ask = (g: typeof gw, headers: Record<string, string>, model = 'openai/gpt-4.1-nano') => g.fetch('/v1/chat/completions', chat({ model, messages: USER_HELLO }, headers));

async function createKey(body: Record<string, unknown>): Promise<{ id: string; value: string }> {
  const res = await admin('POST', '/virtual-keys', body);
  expect(res.status).toBe(201);
  return res.json();
}

async function expectDenied(res: Response, status: number, code: string) {
  expect(res.status).toBe(status);
  const body = await res.json<any>();
  expect(body.error.code).toBe(code);
  expect(typeof body.error.message).toBe('string');
}

describe('governance built-in: virtual keys', () => {
  it('accepts a virtual key from x-bf-vk, Authorization: Bearer and x-api-key', async () => {
    const { value } = await createKey({ name: 'all-access' });
    expect(value).toMatch(/^sk-bf-[0-9a-f]{48}$/);
    const ways: Record<string, string>[] = [{ 'x-bf-vk': value }, { authorization: `Bearer ${value}` }, { 'x-api-key': value }];
    for (const headers of ways) expect((await ask(strict, headers)).status).toBe(200);
  });

  it('requires a key when enforce_auth_on_inference is set, and refuses unknown ones', async () => {
    await expectDenied(await ask(strict, {}), 401, 'virtual_key_required');
    // An OpenAI SDK's own placeholder key is not a virtual key.
    await expectDenied(await ask(strict, { authorization: 'Bearer sk-proj-whatever' }), 401, 'virtual_key_required');
    await expectDenied(await ask(strict, { 'x-bf-vk': 'sk-bf-nope' }), 401, 'virtual_key_not_found');
    expect((await ask(gw, {})).status).toBe(200);
  });

  it('blocks an inactive key, and a provider or model outside its allow-lists', async () => {
    const blocked = await createKey({ name: 'blocked', is_active: false });
    await expectDenied(await ask(gw, { 'x-bf-vk': blocked.value }), 403, 'virtual_key_blocked');
    const narrow = await createKey({ name: 'narrow', allowed_providers: ['openai'], allowed_models: ['gpt-4.1-nano', 'openai/echo'] });
    expect((await ask(gw, { 'x-bf-vk': narrow.value })).status).toBe(200);
    expect((await ask(gw, { 'x-bf-vk': narrow.value }, 'openai/echo')).status).toBe(200);
    await expectDenied(await ask(gw, { 'x-bf-vk': narrow.value }, 'deepseek/deepseek-chat'), 403, 'provider_blocked');
    await expectDenied(await ask(gw, { 'x-bf-vk': narrow.value }, 'openai/gpt-4o'), 403, 'model_blocked');
  });

  it('lets a fallback the key may use answer after a blocked primary', async () => {
    const narrow = await createKey({ name: 'openai-only', allowed_providers: ['openai'] });
    const res = await gw.fetch('/v1/chat/completions', chat({ model: 'deepseek/deepseek-chat', messages: USER_HELLO, fallbacks: ['openai/gpt-4.1-nano'] }, { 'x-bf-vk': narrow.value }));
    expect(res.status).toBe(200);
    expect(res.headers.get('x-bf-fallback-index')).toBe('1');
  });

  it('sees updates and deletes at once in the isolate that made them', async () => {
    const key = await createKey({ name: 'toggled' });
    expect((await ask(gw, { 'x-bf-vk': key.value })).status).toBe(200);
    expect((await admin('PUT', `/virtual-keys/${key.id}`, { is_active: false })).status).toBe(200);
    await expectDenied(await ask(gw, { 'x-bf-vk': key.value }), 403, 'virtual_key_blocked');
    expect((await admin('DELETE', `/virtual-keys/${key.id}`)).status).toBe(200);
    await expectDenied(await ask(gw, { 'x-bf-vk': key.value }), 401, 'virtual_key_not_found');
    await expectDenied(await admin('GET', `/virtual-keys/${key.id}`), 404, 'virtual_key_not_found');
  });

  it('a partial update changes only what it sends: blocking and unblocking keeps allow-lists, budget and limits', async () => {
    const limits = {
      allowed_providers: ['openai'],
      allowed_models: ['gpt-4.1-nano'],
      provider_configs: [{ provider: 'openai', weight: 1 }],
      budget_max_usd: 2.5,
      budget_reset: '1d',
      token_max: 5000,
      token_window: '1h',
      request_max: 40,
      request_window: '1m',
    };
    await expectDenied(await admin('POST', '/virtual-keys', { name: 'orphan', team_id: 'team-nowhere' }), 400, 'team_not_found');
    const team = await (await admin('POST', '/teams', { name: 'kept-team' })).json<{ id: string }>();
    Object.assign(limits, { team_id: team.id });
    const key = await createKey({ name: 'kept', ...limits });
    for (const is_active of [false, true]) {
      const res = await admin('PUT', `/virtual-keys/${key.id}`, { is_active });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ name: 'kept', is_active, ...limits });
    }
    expect(await (await admin('GET', `/virtual-keys/${key.id}`)).json()).toMatchObject({ name: 'kept', is_active: true, ...limits });
    // An explicit null still clears a field; nothing else moves.
    const cleared = await (await admin('PUT', `/virtual-keys/${key.id}`, { budget_max_usd: null })).json<any>();
    expect(cleared).toMatchObject({ ...limits, budget_max_usd: null });
  });

  it('stores keys hashed, lists them without their value, and logs requests by key id', async () => {
    const key = await createKey({ name: 'logged' });
    const list = await (await admin('GET', '/virtual-keys')).json<any>();
    expect(JSON.stringify(list)).not.toContain(key.value);
    expect(list.virtual_keys.find((k: any) => k.id === key.id)).toMatchObject({ name: 'logged', key_prefix: key.value.slice(0, 10), is_active: true });
    const { results } = await env.DB!.prepare('SELECT * FROM virtual_keys').all();
    expect(JSON.stringify(results)).not.toContain(key.value);
    await (await ask(gw, { 'x-bf-vk': key.value, 'x-request-id': 'gov-log-1' })).json();
    let row: any;
    for (let i = 0; i < 100 && !row; i++) {
      row = await env.DB!.prepare('SELECT virtual_key FROM logs WHERE id = ?').bind('gov-log-1').first();
      if (!row) await new Promise((r) => setTimeout(r, 20));
    }
    expect(row.virtual_key).toBe(key.id);
  });

  it('governs embeddings too: no route bypasses the key checks', async () => {
    const embed = (g: typeof gw, headers: Record<string, string>, model = 'openai/text-embedding-3-small') =>
      g.fetch('/v1/embeddings', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ model, input: 'x' }) });
    await expectDenied(await embed(strict, {}), 401, 'virtual_key_required');
    await expectDenied(await embed(strict, { 'x-bf-vk': 'sk-bf-nope' }), 401, 'virtual_key_not_found');
    const narrow = await createKey({ name: 'embed-openai-only', allowed_providers: ['openai'] });
    expect((await embed(strict, { 'x-bf-vk': narrow.value })).status).toBe(200);
    await expectDenied(await embed(strict, { 'x-bf-vk': narrow.value }, 'gemini/text-embedding-004'), 403, 'provider_blocked');
  });

  it('routes a model sent without a provider by the key\'s weighted provider configs', async () => {
    const k = await createKey({ name: 'weighted', provider_configs: [{ provider: 'openai', weight: 4 }, { provider: 'deepseek', weight: 1 }] });
    const answers = await Promise.all(Array.from({ length: 100 }, () => ask(gw, { 'x-bf-vk': k.value }, 'gpt-4.1-nano').then((r) => r.json<any>())));
    const byProvider = answers.reduce<Record<string, number>>((n, a) => ({ ...n, [a.extra_fields.provider]: (n[a.extra_fields.provider] ?? 0) + 1 }), {});
    expect(byProvider.openai! + byProvider.deepseek!).toBe(100);
    // Expected 80/20; these bounds are more than 4.5 standard deviations wide.
    expect(byProvider.openai).toBeGreaterThan(61);
    expect(byProvider.openai).toBeLessThan(98);
    // The configs are also the key's allow-list.
    await expectDenied(await ask(gw, { 'x-bf-vk': k.value }, 'groq/llama-3.3-70b-versatile'), 403, 'provider_blocked');
    // Without a key (or a key without configs) a bare model has no provider.
    await expectDenied(await ask(gw, {}, 'gpt-4.1-nano'), 400, 'invalid_model');
  });

  it('refuses a model no provider config serves, and a model outside a config\'s allow-list', async () => {
    const k = await createKey({ name: 'deepseek-chat-only', provider_configs: [{ provider: 'deepseek', allowed_models: ['deepseek-chat'] }] });
    await expectDenied(await ask(gw, { 'x-bf-vk': k.value }, 'gpt-4.1-nano'), 403, 'model_blocked');
    await expectDenied(await ask(gw, { 'x-bf-vk': k.value }, 'deepseek/deepseek-reasoner'), 403, 'model_blocked');
    expect((await ask(gw, { 'x-bf-vk': k.value }, 'deepseek-chat')).status).toBe(200);
    const dup = await admin('POST', '/virtual-keys', { name: 'dup', provider_configs: [{ provider: 'groq' }, { provider: 'groq' }] });
    expect(dup.status).toBe(400);
  });

  it('routes a bare embeddings model by the provider configs too', async () => {
    const k = await createKey({ name: 'embed-weighted', provider_configs: [{ provider: 'openai' }] });
    const res = await gw.fetch('/v1/embeddings', { method: 'POST', headers: { 'content-type': 'application/json', 'x-bf-vk': k.value }, body: JSON.stringify({ model: 'text-embedding-3-small', input: 'x' }) });
    expect(res.status).toBe(200);
    expect((await res.json<any>()).extra_fields.provider).toBe('openai');
  });

  it('manages teams and customers, and validates input', async () => {
    const customer = await (await admin('POST', '/customers', { name: 'Acme' })).json<any>();
    const team = await admin('POST', '/teams', { name: 'Platform', customer_id: customer.id });
    expect(team.status).toBe(201);
    const teamId = (await team.json<any>()).id;
    expect((await createKey({ name: 'team-key', team_id: teamId, customer_id: customer.id })).value).toMatch(/^sk-bf-/);
    expect((await (await admin('GET', '/teams')).json<any>()).teams.map((t: any) => t.name)).toContain('Platform');
    const bad = await admin('POST', '/virtual-keys', { name: '', allowed_models: 'gpt-4o' });
    expect(bad.status).toBe(400);
    expect((await gw.fetch('/api/governance/virtual-keys')).status).toBe(401);
  });
});
