import * as z from '../zod';
import { canonicalJson } from '../config/canonical-json';
import { sha256Hex } from '../config/sha256-hex';
import { placementSchema } from '../config/schema';

// D1 access for the plugin sequence: plain functions over `db`. Triggers (see the migration) bump
// the generation that tells isolates to reload, in the same transaction as each write.

const rowSchema = z.object({
  name: z.string(),
  enabled: z.pipe(z.number(), z.transform((v) => v === 1)),
  placement: placementSchema,
  order: z.number().check(z.int()),
  config: z.pipe(z.string(), z.transform((v) => JSON.parse(v) as unknown)),
  version: z.number().check(z.int()),
  config_hash: z.string(),
  is_custom: z.pipe(z.number(), z.transform((v) => v === 1)),
  fail_closed: z.pipe(z.nullable(z.number()), z.transform((v) => (v === null ? undefined : v === 1))),
  /** A WASM plugin's bundled file (plugins/…/x.wasm); undefined for TypeScript plugins. */
  path: z.pipe(z.nullable(z.string()), z.transform((v) => v ?? undefined)),
  updated_at: z.string(),
});

export type PluginRow = z.output<typeof rowSchema>;
export type PluginRowInput = Omit<PluginRow, 'config_hash' | 'updated_at'>;

const COLUMNS = 'name, enabled, placement, "order", config, version, config_hash, is_custom, fail_closed, path, updated_at';

export async function readGeneration(db: D1Database): Promise<number> {
  const row = await db.prepare('SELECT generation FROM plugin_generation WHERE id = 1').first<{ generation: number }>();
  return row?.generation ?? 0;
}

export async function listPluginRows(db: D1Database): Promise<PluginRow[]> {
  const { results } = await db.prepare(`SELECT ${COLUMNS} FROM plugins ORDER BY name`).all();
  return results.map((r) => rowSchema.parse(r));
}

export async function getPluginRow(db: D1Database, name: string): Promise<PluginRow | undefined> {
  const row = await db.prepare(`SELECT ${COLUMNS} FROM plugins WHERE name = ?`).bind(name).first();
  return row ? rowSchema.parse(row) : undefined;
}

/** SHA-256 of the canonical JSON of a config: equal configs hash equal whatever their key order. */
export function configHash(config: unknown): Promise<string> {
  return sha256Hex(canonicalJson(config));
}

async function bindRow(stmt: D1PreparedStatement, row: PluginRowInput): Promise<D1PreparedStatement> {
  return stmt.bind(
    row.name,
    row.enabled ? 1 : 0,
    row.placement,
    row.order,
    JSON.stringify(row.config ?? {}),
    row.version,
    await configHash(row.config ?? {}),
    row.is_custom ? 1 : 0,
    row.fail_closed === undefined ? null : row.fail_closed ? 1 : 0,
    row.path ?? null,
    new Date().toISOString(),
  );
}

const INSERT = `INSERT INTO plugins (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`;
const UPSERT_SET = `enabled = excluded.enabled, placement = excluded.placement, "order" = excluded."order",
  config = excluded.config, version = excluded.version, config_hash = excluded.config_hash,
  is_custom = excluded.is_custom, fail_closed = excluded.fail_closed, path = excluded.path, updated_at = excluded.updated_at`;

/** Inserts a new row; false if one with that name exists (nothing is written then). */
export async function insertPluginRow(db: D1Database, row: PluginRowInput): Promise<boolean> {
  const insert = await (await bindRow(db.prepare(`${INSERT} ON CONFLICT(name) DO NOTHING`), row)).run();
  return insert.meta.changes > 0;
}

/** Creates or replaces a row. */
export async function upsertPluginRow(db: D1Database, row: PluginRowInput): Promise<void> {
  await (await bindRow(db.prepare(`${INSERT} ON CONFLICT(name) DO UPDATE SET ${UPSERT_SET}`), row)).run();
}

/** False if there was no such row. */
export async function deletePluginRow(db: D1Database, name: string): Promise<boolean> {
  const del = await db.prepare('DELETE FROM plugins WHERE name = ?').bind(name).run();
  return del.meta.changes > 0;
}

/**
 * Config-file precedence, applied at startup: an entry is written when D1 has no row for it or
 * holds a lower version; otherwise the stored row stands. Atomic and idempotent, so isolates that
 * start at once cannot interleave. Returns how many rows the file won.
 */
export async function syncFileEntries(db: D1Database, rows: readonly PluginRowInput[]): Promise<number> {
  if (rows.length === 0) return 0;
  const statements = await Promise.all(
    rows.map(async (row) => bindRow(db.prepare(`${INSERT} ON CONFLICT(name) DO UPDATE SET ${UPSERT_SET} WHERE excluded.version > plugins.version`), row)),
  );
  const results = await db.batch(statements);
  return results.reduce((n, r) => n + (r.meta.changes ?? 0), 0);
}

export interface SequenceItem {
  name: string;
  placement: PluginRow['placement'];
  order: number;
}

/** Sets placement and order of many plugins in one transaction: readers see all of it or none. */
export async function setSequence(db: D1Database, items: readonly SequenceItem[]): Promise<void> {
  const now = new Date().toISOString();
  await db.batch(items.map((i) => db.prepare('UPDATE plugins SET placement = ?, "order" = ?, updated_at = ? WHERE name = ?').bind(i.placement, i.order, now, i.name)));
}
