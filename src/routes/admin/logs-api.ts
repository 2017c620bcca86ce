import { Hono } from '../trie-hono';
import * as z from '../../zod';
import type { AppEnv } from '../../app-env';
import { formatIssues } from '../../config/format-issues';
import { GatewayError } from '../../errors/gateway-error';
import { getLogRow, type LogFilter, queryLogRows } from '../../../plugins/logging/log-rows';
import { requireDb } from './require-db';

const querySchema = z.strictObject({
  from: z.optional(z.coerce.number().check(z.int())),
  to: z.optional(z.coerce.number().check(z.int())),
  provider: z.optional(z.string()),
  model: z.optional(z.string()),
  virtual_key: z.optional(z.string()),
  status: z.optional(z.coerce.number().check(z.int())),
  limit: z._default(z.coerce.number().check(z.int(), z.gte(1), z.lte(500)), 50),
  cursor: z.optional(z.string()),
});

const encodeCursor = (row: { created_at: number; id: string }) => btoa(JSON.stringify([row.created_at, row.id]));

function decodeCursor(cursor: string): { created_at: number; id: string } {
  try {
    const [created_at, id] = JSON.parse(atob(cursor)) as [number, string];
    if (typeof created_at === 'number' && typeof id === 'string') return { created_at, id };
  } catch {
    // fall through to the 400 below
  }
  throw GatewayError.invalidRequest('cursor: not a cursor this API returned', 'invalid_cursor', 'cursor');
}

/** The logs API's query string as a filter; bad values are 400s naming the parameter. */
export function parseLogQuery(query: Record<string, string>): LogFilter {
  const parsed = querySchema.safeParse(query);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw GatewayError.invalidRequest(formatIssues(parsed.error.issues, query), 'invalid_value', issue.path.join('.') || null);
  }
  const { cursor, ...filter } = parsed.data;
  return { ...filter, after: cursor ? decodeCursor(cursor) : undefined };
}

/** Newest first, one page of `filter.limit` rows, and the cursor for the next page if there is one. */
export async function logPage(db: D1Database, filter: LogFilter) {
  const rows = await queryLogRows(db, { ...filter, limit: filter.limit + 1 });
  const page = rows.slice(0, filter.limit);
  return { logs: page, next_cursor: rows.length > filter.limit ? encodeCursor(page.at(-1)!) : null };
}

/** GET /api/logs: request logs, newest first, filtered, with a cursor for the next page; GET /api/logs/:id: one. */
export function logsApi(): Hono<AppEnv> {
  const api = new Hono<AppEnv>();
  api.get('/', async (c) => c.json(await logPage(requireDb(c.env), parseLogQuery(c.req.query()))));
  api.get('/:id', async (c) => {
    const row = await getLogRow(requireDb(c.env), c.req.param('id'));
    if (!row) throw new GatewayError({ status: 404, type: 'not_found_error', code: 'log_not_found', message: `no log row "${c.req.param('id')}"` });
    return c.json(row);
  });
  return api;
}
