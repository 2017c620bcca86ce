import * as z from '../../src/zod';
import type { TimelineRecord } from '../../src/pipeline/timeline';

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

/**
 * Rows go in as one JSON array per statement, unpacked by SQLite (json_each): a statement per batch
 * chunk instead of per row, so neither D1 nor the binding layer does per-row work in JavaScript.
 * Each row is an array in COLUMNS order (shorter for SQLite to read than an object, which it reads
 * once per column). A chunk stays under D1's limit on one value, 2 MB of UTF-8: a JSON character
 * takes at most 3 bytes (a surrogate pair, 2 characters, takes 4), so 600 000 characters are under
 * 1.8 MB whatever the text (1 000 000 were 3 MB of CJK text, and D1 refused the whole batch). A row
 * alone stays well under it: content is cut to 100 000 characters per field.
 */
const INSERT = `INSERT OR REPLACE INTO logs (${COLUMNS.join(', ')}) SELECT ${COLUMNS.map((_, i) => `json_extract(value, '$[${i}]')`).join(', ')} FROM json_each(?)`;
const CHUNK_CHARS = 600_000;

/**
 * A row as the insert reads it: its values in COLUMNS order as JSON, booleans as 0/1, the JSON
 * columns as text. Written when its request ends, in that request's observer, so a flush does not
 * stringify every row of its window in one synchronous run.
 */
export const storedRow = (r: LogRow): string =>
  JSON.stringify(
    COLUMNS.map((c) => {
      const v = r[c];
      if (typeof v === 'boolean') return v ? 1 : 0;
      if (c === 'headers' || c === 'timeline') return v === null ? null : JSON.stringify(v);
      return v;
    }),
  );

/** One D1 batch (one transaction) for many stored rows. */
export async function insertLogRows(db: D1Database, rows: readonly string[]): Promise<void> {
  if (rows.length === 0) return;
  const chunks: string[][] = [];
  let size = Number.POSITIVE_INFINITY;
  for (const json of rows) {
    if (size + json.length > CHUNK_CHARS) {
      chunks.push([]);
      size = 0;
    }
    chunks.at(-1)!.push(json);
    size += json.length + 1;
  }
  const stmt = db.prepare(INSERT);
  await db.batch(chunks.map((c) => stmt.bind(`[${c.join(',')}]`)));
}

const rowSchema = z.looseObject({
  stream: z.pipe(z.number(), z.transform((v) => v === 1)),
  cache_hit: z.pipe(z.number(), z.transform((v) => v === 1)),
  headers: z.pipe(z.nullable(z.string()), z.transform((v) => (v === null ? null : (JSON.parse(v) as Record<string, string>)))),
  timeline: z.pipe(z.nullable(z.string()), z.transform((v) => (v === null ? null : (JSON.parse(v) as TimelineRecord)))),
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

type Where = { sql: string; args: (string | number)[] };

function whereOf(f: Omit<LogFilter, 'limit'>): Where {
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
  return { sql: where.length ? `WHERE ${where.join(' AND ')}` : '', args };
}

const fromStored = (r: Record<string, unknown>) => ({ ...r, ...rowSchema.parse(r) }) as unknown as LogRow;

/** Newest first; keyset pagination on (created_at, id), so pages stay stable while rows arrive. */
export async function queryLogRows(db: D1Database, f: LogFilter): Promise<LogRow[]> {
  const where = whereOf(f);
  const { results } = await db.prepare(`SELECT * FROM logs ${where.sql} ORDER BY created_at DESC, id DESC LIMIT ?`).bind(...where.args, f.limit).all();
  return results.map(fromStored);
}

export async function getLogRow(db: D1Database, id: string): Promise<LogRow | undefined> {
  const row = await db.prepare('SELECT * FROM logs WHERE id = ?').bind(id).first();
  return row ? fromStored(row) : undefined;
}

export interface LogBucket {
  /** ms since the epoch at the bucket's start. */
  start: number;
  requests: number;
  errors: number;
  avg_latency_ms: number;
}

/** Requests, errors and mean latency per time bucket of `bucketMs`, oldest first, for the same filters. */
export async function logBuckets(db: D1Database, f: Omit<LogFilter, 'limit' | 'after'>, bucketMs: number): Promise<LogBucket[]> {
  const where = whereOf(f);
  const { results } = await db
    .prepare(`SELECT CAST(created_at / ? AS INTEGER) * ? AS start, COUNT(*) AS requests, SUM(status >= 400) AS errors, AVG(latency_ms) AS avg_latency_ms
              FROM logs ${where.sql} GROUP BY start ORDER BY start`)
    .bind(bucketMs, bucketMs, ...where.args)
    .all<LogBucket>();
  return results;
}
