import * as z from '../../src/zod';
import { sha256Hex } from '../../src/config/sha256-hex';

// D1 access for virtual keys, teams and customers: plain functions over `db`.

const list = z.pipe(z.string(), z.transform((v) => JSON.parse(v) as string[]));

/** One provider a key may use, its share of the key's traffic, and the models it may serve there. */
export const providerConfigSchema = z.strictObject({
  provider: z.string().check(z.minLength(1)),
  weight: z._default(z.number().check(z.positive()), 1),
  /** Empty = every model of the provider. */
  allowed_models: z._default(z.array(z.string()), []),
});
export type ProviderConfig = z.output<typeof providerConfigSchema>;
const keySchema = z.object({
  id: z.string(),
  name: z.string(),
  key_prefix: z.string(),
  team_id: z.nullable(z.string()),
  customer_id: z.nullable(z.string()),
  is_active: z.pipe(z.number(), z.transform((v) => v === 1)),
  allowed_providers: list,
  allowed_models: list,
  provider_configs: z.pipe(z.string(), z.transform((v) => JSON.parse(v) as ProviderConfig[])),
  budget_max_usd: z.nullable(z.number()),
  budget_reset: z.nullable(z.string()),
  token_max: z.nullable(z.number()),
  token_window: z.nullable(z.string()),
  request_max: z.nullable(z.number()),
  request_window: z.nullable(z.string()),
  created_at: z.string(),
  updated_at: z.string(),
});

export type VirtualKey = z.output<typeof keySchema>;
export type VirtualKeyInput = Omit<VirtualKey, 'id' | 'key_prefix' | 'created_at' | 'updated_at'>;

const LIMIT_COLUMNS = ['budget_max_usd', 'budget_reset', 'token_max', 'token_window', 'request_max', 'request_window'] as const;
const KEY_COLUMNS = `id, name, key_prefix, team_id, customer_id, is_active, allowed_providers, allowed_models, provider_configs, ${LIMIT_COLUMNS.join(', ')}, created_at, updated_at`;
const limitValues = (input: VirtualKeyInput) => LIMIT_COLUMNS.map((c) => input[c]);

export async function readGovernanceGeneration(db: D1Database): Promise<number> {
  return (await db.prepare('SELECT generation FROM governance_generation WHERE id = 1').first<{ generation: number }>())?.generation ?? 0;
}

export async function findKeyByHash(db: D1Database, hash: string): Promise<VirtualKey | undefined> {
  const row = await db.prepare(`SELECT ${KEY_COLUMNS} FROM virtual_keys WHERE key_hash = ?`).bind(hash).first();
  return row ? keySchema.parse(row) : undefined;
}

export async function getKey(db: D1Database, id: string): Promise<VirtualKey | undefined> {
  const row = await db.prepare(`SELECT ${KEY_COLUMNS} FROM virtual_keys WHERE id = ?`).bind(id).first();
  return row ? keySchema.parse(row) : undefined;
}

export async function listKeys(db: D1Database): Promise<VirtualKey[]> {
  const { results } = await db.prepare(`SELECT ${KEY_COLUMNS} FROM virtual_keys ORDER BY created_at, id`).all();
  return results.map((r) => keySchema.parse(r));
}

/** Stores a new key by its hash; the caller shows the plaintext once. */
export async function insertKey(db: D1Database, id: string, plaintext: string, input: VirtualKeyInput): Promise<void> {
  const now = new Date().toISOString();
  await db
    .prepare(`INSERT INTO virtual_keys (id, name, key_hash, key_prefix, team_id, customer_id, is_active, allowed_providers, allowed_models, provider_configs, ${LIMIT_COLUMNS.join(', ')}, created_at, updated_at)
              VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
    .bind(id, input.name, await sha256Hex(plaintext), plaintext.slice(0, 10), input.team_id, input.customer_id, input.is_active ? 1 : 0,
      JSON.stringify(input.allowed_providers), JSON.stringify(input.allowed_models), JSON.stringify(input.provider_configs), ...limitValues(input), now, now)
    .run();
}

export async function updateKey(db: D1Database, id: string, input: VirtualKeyInput): Promise<boolean> {
  const res = await db
    .prepare(`UPDATE virtual_keys SET name = ?, team_id = ?, customer_id = ?, is_active = ?, allowed_providers = ?, allowed_models = ?, provider_configs = ?,
              ${LIMIT_COLUMNS.map((c) => `${c} = ?`).join(', ')}, updated_at = ? WHERE id = ?`)
    .bind(input.name, input.team_id, input.customer_id, input.is_active ? 1 : 0, JSON.stringify(input.allowed_providers), JSON.stringify(input.allowed_models),
      JSON.stringify(input.provider_configs), ...limitValues(input), new Date().toISOString(), id)
    .run();
  return res.meta.changes > 0;
}

export async function deleteKey(db: D1Database, id: string): Promise<boolean> {
  return (await db.prepare('DELETE FROM virtual_keys WHERE id = ?').bind(id).run()).meta.changes > 0;
}

export interface Owner {
  id: string;
  name: string;
  customer_id?: string | null;
  /** USD per `budget_reset` period (or for good, without one); null = no budget at this level. */
  budget_max_usd: number | null;
  budget_reset: string | null;
  created_at: string;
}

export type OwnerTable = 'teams' | 'customers';

/** Teams and customers: the same small table shape. */
export async function listOwners(db: D1Database, table: OwnerTable): Promise<Owner[]> {
  return (await db.prepare(`SELECT * FROM ${table} ORDER BY created_at, id`).all<Owner>()).results;
}

export async function getOwner(db: D1Database, table: OwnerTable, id: string): Promise<Owner | undefined> {
  return (await db.prepare(`SELECT * FROM ${table} WHERE id = ?`).bind(id).first<Owner>()) ?? undefined;
}

export async function insertOwner(db: D1Database, table: OwnerTable, owner: Omit<Owner, 'created_at'>): Promise<void> {
  const now = new Date().toISOString();
  if (table === 'teams') {
    await db.prepare('INSERT INTO teams (id, name, customer_id, budget_max_usd, budget_reset, created_at) VALUES (?, ?, ?, ?, ?, ?)')
      .bind(owner.id, owner.name, owner.customer_id ?? null, owner.budget_max_usd, owner.budget_reset, now).run();
  } else {
    await db.prepare('INSERT INTO customers (id, name, budget_max_usd, budget_reset, created_at) VALUES (?, ?, ?, ?, ?)').bind(owner.id, owner.name, owner.budget_max_usd, owner.budget_reset, now).run();
  }
}

export async function updateOwner(db: D1Database, table: OwnerTable, owner: Omit<Owner, 'created_at'>): Promise<void> {
  if (table === 'teams') {
    await db.prepare('UPDATE teams SET name = ?, customer_id = ?, budget_max_usd = ?, budget_reset = ? WHERE id = ?').bind(owner.name, owner.customer_id ?? null, owner.budget_max_usd, owner.budget_reset, owner.id).run();
  } else {
    await db.prepare('UPDATE customers SET name = ?, budget_max_usd = ?, budget_reset = ? WHERE id = ?').bind(owner.name, owner.budget_max_usd, owner.budget_reset, owner.id).run();
  }
}

export async function ownerExists(db: D1Database, table: OwnerTable, id: string): Promise<boolean> {
  return (await db.prepare(`SELECT 1 FROM ${table} WHERE id = ?`).bind(id).first()) !== null;
}

export async function deleteOwner(db: D1Database, table: OwnerTable, id: string): Promise<boolean> {
  return (await db.prepare(`DELETE FROM ${table} WHERE id = ?`).bind(id).run()).meta.changes > 0;
}

/** A level of Bifrost's budget hierarchy above a key, with the budget it enforces. */
export interface BudgetScope {
  kind: 'team' | 'customer';
  id: string;
  budget_max_usd: number;
  budget_reset: string | null;
}

/** The key's team and customer (its own, else its team's) that have a budget, team first. */
export async function budgetScopesOf(db: D1Database, key: Pick<VirtualKey, 'team_id' | 'customer_id'>): Promise<BudgetScope[]> {
  const scopes: BudgetScope[] = [];
  const team = key.team_id ? await getOwner(db, 'teams', key.team_id) : undefined;
  if (team?.budget_max_usd != null) scopes.push({ kind: 'team', id: team.id, budget_max_usd: team.budget_max_usd, budget_reset: team.budget_reset });
  const customerId = key.customer_id ?? team?.customer_id ?? null;
  const customer = customerId ? await getOwner(db, 'customers', customerId) : undefined;
  if (customer?.budget_max_usd != null) scopes.push({ kind: 'customer', id: customer.id, budget_max_usd: customer.budget_max_usd, budget_reset: customer.budget_reset });
  return scopes;
}
