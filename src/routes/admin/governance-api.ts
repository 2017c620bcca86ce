import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../app-env';
import { GatewayError } from '../../errors/gateway-error';
import { virtualKeys } from '../../../plugins/governance/virtual-key-cache';
import { DURATION } from '../../config/duration';
import { keyUsage } from '../../../plugins/governance/key-usage';
import { deleteKey, deleteOwner, getKey, insertKey, insertOwner, listKeys, listOwners, providerConfigSchema, updateKey, type VirtualKey } from '../../../plugins/governance/virtual-key-rows';
import { readJson } from '../read-json';
import { requireDb } from './require-db';

const keySchema = z.strictObject({
  name: z.string().min(1),
  team_id: z.string().nullable().default(null),
  customer_id: z.string().nullable().default(null),
  is_active: z.boolean().default(true),
  allowed_providers: z.array(z.string()).default([]),
  allowed_models: z.array(z.string()).default([]),
  /** Weighted providers: a model sent without a provider goes to one of them by weight. */
  provider_configs: z.array(providerConfigSchema).default([]).refine((list) => new Set(list.map((p) => p.provider)).size === list.length, 'each provider at most once'),
  /** USD per `budget_reset` period (or for good, without one). */
  budget_max_usd: z.number().positive().nullable().default(null),
  budget_reset: z.string().regex(DURATION, 'a duration like 1h, 1d, 1w, 1M').nullable().default(null),
  token_max: z.number().int().positive().nullable().default(null),
  token_window: z.string().regex(DURATION, 'a duration like 1m, 1h, 1d').nullable().default(null),
  request_max: z.number().int().positive().nullable().default(null),
  request_window: z.string().regex(DURATION, 'a duration like 1m, 1h, 1d').nullable().default(null),
});
const ownerSchema = z.strictObject({ name: z.string().min(1), customer_id: z.string().nullable().optional() });

const notFound = (what: string, id: string) => new GatewayError({ status: 404, type: 'not_found_error', code: `${what}_not_found`, message: `no ${what} "${id}"` });

function randomToken(bytes: number): string {
  return [...crypto.getRandomValues(new Uint8Array(bytes))].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** /api/governance: virtual keys, teams and customers. A key's plaintext is returned only on create. */
export function governanceApi(): Hono<AppEnv> {
  const api = new Hono<AppEnv>();

  api.get('/virtual-keys', async (c) => c.json({ virtual_keys: await listKeys(requireDb(c.env)) }));

  api.post('/virtual-keys', async (c) => {
    const input = await readJson(c, keySchema);
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
    const input = await readJson(c, keySchema.partial());
    const merged = keySchema.parse({ ...pick(existing), ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) });
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
    api.get(`/${table}`, async (c) => c.json({ [table]: await listOwners(requireDb(c.env), table) }));
    api.post(`/${table}`, async (c) => {
      const input = await readJson(c, ownerSchema);
      const id = `${what}_${randomToken(6)}`;
      await insertOwner(requireDb(c.env), table, { id, ...input });
      return c.json({ id, ...input }, 201);
    });
    api.delete(`/${table}/:id`, async (c) => {
      if (!(await deleteOwner(requireDb(c.env), table, c.req.param('id')))) throw notFound(what, c.req.param('id'));
      return c.json({ deleted: c.req.param('id') });
    });
  }
  return api;
}

const pick = ({ id: _id, key_prefix: _prefix, created_at: _created, updated_at: _updated, ...settings }: VirtualKey) => settings;
