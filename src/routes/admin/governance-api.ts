import { Hono } from '../trie-hono';
import * as z from '../../zod';
import type { AppEnv } from '../../app-env';
import { GatewayError } from '../../errors/gateway-error';
import { virtualKeys } from '../../../plugins/governance/virtual-key-cache';
import { DURATION } from '../../config/duration';
import { keyUsage, scopeUsage } from '../../../plugins/governance/key-usage';
import { deleteKey, deleteOwner, getKey, insertKey, getOwner, insertOwner, listKeys, listOwners, ownerExists, updateOwner, providerConfigSchema, updateKey, type VirtualKey } from '../../../plugins/governance/virtual-key-rows';
import { readJson } from '../read-json';
import { requireDb } from './require-db';

// A key's settings without defaults, so a partial update holds exactly what was sent; a new key
// takes KEY_DEFAULTS for whatever it leaves out.
const keyFields = z.strictObject({
  name: z.string().check(z.minLength(1)),
  team_id: z.nullable(z.string()),
  customer_id: z.nullable(z.string()),
  is_active: z.boolean(),
  allowed_providers: z.array(z.string()),
  allowed_models: z.array(z.string()),
  /** Weighted providers: a model sent without a provider goes to one of them by weight. */
  provider_configs: z.array(providerConfigSchema).check(z.refine((list) => new Set(list.map((p) => p.provider)).size === list.length, 'each provider at most once')),
  /** USD per `budget_reset` period (or for good, without one). */
  budget_max_usd: z.nullable(z.number().check(z.positive())),
  budget_reset: z.nullable(z.string().check(z.regex(DURATION, 'a duration like 1h, 1d, 1w, 1M'))),
  token_max: z.nullable(z.number().check(z.int(), z.positive())),
  token_window: z.nullable(z.string().check(z.regex(DURATION, 'a duration like 1m, 1h, 1d'))),
  request_max: z.nullable(z.number().check(z.int(), z.positive())),
  request_window: z.nullable(z.string().check(z.regex(DURATION, 'a duration like 1m, 1h, 1d'))),
});
const keyUpdate = z.partial(keyFields);
const keyCreate = z.required(keyUpdate, { name: true });
const KEY_DEFAULTS: Omit<z.output<typeof keyFields>, 'name'> = {
  team_id: null,
  customer_id: null,
  is_active: true,
  allowed_providers: [],
  allowed_models: [],
  provider_configs: [],
  budget_max_usd: null,
  budget_reset: null,
  token_max: null,
  token_window: null,
  request_max: null,
  request_window: null,
};
const ownerFields = z.strictObject({
  name: z.string().check(z.minLength(1)),
  customer_id: z.nullable(z.string()),
  /** USD per `budget_reset` period (or for good, without one), shared by every key under it. */
  budget_max_usd: z.nullable(z.number().check(z.positive())),
  budget_reset: z.nullable(z.string().check(z.regex(DURATION, 'a duration like 1h, 1d, 1w, 1M'))),
});

const notFound = (what: string, id: string) => new GatewayError({ status: 404, type: 'not_found_error', code: `${what}_not_found`, message: `no ${what} "${id}"` });

function randomToken(bytes: number): string {
  return [...crypto.getRandomValues(new Uint8Array(bytes))].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** /api/governance: virtual keys, teams and customers. A key's plaintext is returned only on create. */
export function governanceApi(): Hono<AppEnv> {
  const api = new Hono<AppEnv>();

  api.get('/virtual-keys', async (c) => c.json({ virtual_keys: await listKeys(requireDb(c.env)) }));

  api.post('/virtual-keys', async (c) => {
    const input = { ...KEY_DEFAULTS, ...(await readJson(c, keyCreate)) };
    await checkOwners(requireDb(c.env), input);
    const id = `vk_${randomToken(8)}`;
    const value = `sk-bf-${randomToken(24)}`;
    await insertKey(requireDb(c.env), id, value, input);
    virtualKeys.invalidate();
    return c.json({ ...(await getKey(requireDb(c.env), id)), value }, 201);
  });

  api.get('/virtual-keys/:id', async (c) => {
    const key = await getKey(requireDb(c.env), c.req.param('id'));
    if (!key) throw notFound('virtual_key', c.req.param('id'));
    return c.json(key);
  });

  api.put('/virtual-keys/:id', async (c) => {
    const id = c.req.param('id');
    const existing = await getKey(requireDb(c.env), id);
    if (!existing) throw notFound('virtual_key', id);
    const input = await readJson(c, keyUpdate);
    // Only what was sent changes; the rest stays as stored.
    const merged = keyFields.parse({ ...pick(existing), ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) });
    await checkOwners(requireDb(c.env), input);
    await updateKey(requireDb(c.env), id, merged);
    virtualKeys.invalidate();
    return c.json(await getKey(requireDb(c.env), id));
  });

  // Usage against the key's budget and limits, from its ledger.
  api.get('/virtual-keys/:id/usage', async (c) => {
    const key = await getKey(requireDb(c.env), c.req.param('id'));
    if (!key) throw notFound('virtual_key', c.req.param('id'));
    return c.json(await keyUsage(c.env, key));
  });

  api.delete('/virtual-keys/:id', async (c) => {
    if (!(await deleteKey(requireDb(c.env), c.req.param('id')))) throw notFound('virtual_key', c.req.param('id'));
    virtualKeys.invalidate();
    return c.json({ deleted: c.req.param('id') });
  });

  for (const table of ['teams', 'customers'] as const) {
    const what = table === 'teams' ? 'team' : 'customer';
    // Customers own teams; only a team names a customer.
    const fields = table === 'teams' ? ownerFields : z.omit(ownerFields, { customer_id: true });
    const update = z.partial(fields);
    const create = z.required(update, { name: true });
    api.get(`/${table}`, async (c) => c.json({ [table]: await listOwners(requireDb(c.env), table) }));
    api.post(`/${table}`, async (c) => {
      const input = { customer_id: null, budget_max_usd: null, budget_reset: null, ...(await readJson(c, create)) };
      await checkOwners(requireDb(c.env), { customer_id: input.customer_id });
      const id = `${what}_${randomToken(6)}`;
      await insertOwner(requireDb(c.env), table, { id, ...input });
      virtualKeys.invalidate();
      return c.json(await getOwner(requireDb(c.env), table, id), 201);
    });
    api.get(`/${table}/:id`, async (c) => {
      const owner = await getOwner(requireDb(c.env), table, c.req.param('id'));
      if (!owner) throw notFound(what, c.req.param('id'));
      return c.json(owner);
    });
    api.put(`/${table}/:id`, async (c) => {
      const db = requireDb(c.env);
      const existing = await getOwner(db, table, c.req.param('id'));
      if (!existing) throw notFound(what, c.req.param('id'));
      const input: { customer_id?: string | null } & z.output<typeof update> = await readJson(c, update);
      await checkOwners(db, { customer_id: input.customer_id });
      // Only what was sent changes.
      const sent = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined));
      await updateOwner(db, table, { ...existing, ...sent });
      virtualKeys.invalidate();
      return c.json(await getOwner(db, table, existing.id));
    });
    api.get(`/${table}/:id/usage`, async (c) => {
      const owner = await getOwner(requireDb(c.env), table, c.req.param('id'));
      if (!owner) throw notFound(what, c.req.param('id'));
      return c.json(await scopeUsage(c.env, { kind: what, id: owner.id, budget_max_usd: owner.budget_max_usd, budget_reset: owner.budget_reset }));
    });
    api.delete(`/${table}/:id`, async (c) => {
      if (!(await deleteOwner(requireDb(c.env), table, c.req.param('id')))) throw notFound(what, c.req.param('id'));
      virtualKeys.invalidate();
      return c.json({ deleted: c.req.param('id') });
    });
  }
  return api;
}

/** A team or customer named by a write must exist: a 400 naming the field, not a foreign-key failure. */
async function checkOwners(db: D1Database, ids: { team_id?: string | null; customer_id?: string | null }): Promise<void> {
  for (const [param, table, what] of [['team_id', 'teams', 'team'], ['customer_id', 'customers', 'customer']] as const) {
    const id = ids[param];
    if (typeof id === 'string' && !(await ownerExists(db, table, id))) throw GatewayError.invalidRequest(`${param}: no ${what} "${id}"`, `${what}_not_found`, param);
  }
}

const pick = ({ id: _id, key_prefix: _prefix, created_at: _created, updated_at: _updated, ...settings }: VirtualKey) => settings;
