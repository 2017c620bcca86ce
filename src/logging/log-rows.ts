import { z } from 'zod';
import type { TimelineRecord } from '../pipeline/timeline';

// D1 access for request logs: a batched insert and a filtered, cursor-paginated read.

export interface LogRow {
  id: string;
  created_at: number;
  method: string;
  path: string;
  provider: string | null;
  model: string | null;
  requested_model: string | null;
  virtual_key: string | null;
  status: number;
  stream: boolean;
  latency_ms: number;
  input_tokens: number | null;
  output_tokens: number | null;
  cost: number | null;
  fallback_index: number;
  cache_hit: boolean;
  error_type: string | null;
  error_message: string | null;
  request_body: string | null;
  response_text: string | null;
  headers: Record<string, string> | null;
  /** Hooks with their timings, attempts and upstream tries (the detail view). */
  timeline: TimelineRecord | null;
}

const COLUMNS = [
  'id', 'created_at', 'method', 'path', 'provider', 'model', 'requested_model', 'virtual_key', 'status', 'stream', 'latency_ms',
  'input_tokens', 'output_tokens', 'cost', 'fallback_index', 'cache_hit', 'error_type', 'error_message', 'request_body', 'response_text', 'headers', 'timeline',
] as const;

const INSERT = `INSERT OR REPLACE INTO logs (${COLUMNS.join(', ')}) VALUES (${COLUMNS.map(() => '?').join(', ')})`;

/** One D1 batch (one transaction) for many rows. */
export async function insertLogRows(db: D1Database, rows: readonly LogRow[]): Promise<void> {
  if (rows.length === 0) return;
  const stmt = db.prepare(INSERT);
  await db.batch(
    rows.map((r) =>
      stmt.bind(
        ...COLUMNS.map((c) => {
          const v = r[c];
          if (typeof v === 'boolean') return v ? 1 : 0;
          if (c === 'headers' || c === 'timeline') return v === null ? null : JSON.stringify(v);
          return v;
        }),
      ),
    ),
  );
}

const rowSchema = z.looseObject({
  stream: z.number().transform((v) => v === 1),
  cache_hit: z.number().transform((v) => v === 1),
  headers: z.string().nullable().transform((v) => (v === null ? null : (JSON.parse(v) as Record<string, string>))),
  timeline: z.string().nullable().transform((v) => (v === null ? null : (JSON.parse(v) as TimelineRecord))),
});

export interface LogFilter {
  from?: number | undefined;
  to?: number | undefined;
  provider?: string | undefined;
  model?: string | undefined;
  virtual_key?: string | undefined;
  status?: number | undefined;
  limit: number;
  /** From a previous page: the (created_at, id) of its last row. */
  after?: { created_at: number; id: string } | undefined;
}

/** Newest first; keyset pagination on (created_at, id), so pages stay stable while rows arrive. */
export async function queryLogRows(db: D1Database, f: LogFilter): Promise<LogRow[]> {
  const where: string[] = [];
  const args: (string | number)[] = [];
  const eq = (column: string, value: string | number | undefined) => {
    if (value === undefined) return;
    where.push(`${column} = ?`);
    args.push(value);
  };
  eq('provider', f.provider);
  eq('model', f.model);
  eq('virtual_key', f.virtual_key);
  eq('status', f.status);
  if (f.from !== undefined) (where.push('created_at >= ?'), args.push(f.from));
  if (f.to !== undefined) (where.push('created_at < ?'), args.push(f.to));
  if (f.after) (where.push('(created_at < ? OR (created_at = ? AND id < ?))'), args.push(f.after.created_at, f.after.created_at, f.after.id));
  const sql = `SELECT * FROM logs ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY created_at DESC, id DESC LIMIT ?`;
  const { results } = await db.prepare(sql).bind(...args, f.limit).all();
  return results.map((r) => ({ ...r, ...rowSchema.parse(r) }) as unknown as LogRow);
}
