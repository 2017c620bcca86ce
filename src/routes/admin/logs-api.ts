import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../../app-env';
import { formatIssues } from '../../config/format-issues';
import { GatewayError } from '../../errors/gateway-error';
import { queryLogRows } from '../../logging/log-rows';

const querySchema = z.strictObject({
  from: z.coerce.number().int().optional(),
  to: z.coerce.number().int().optional(),
  provider: z.string().optional(),
  model: z.string().optional(),
  virtual_key: z.string().optional(),
  status: z.coerce.number().int().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(50),
  cursor: z.string().optional(),
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

/** GET /api/logs: request logs, newest first, filtered, with a cursor for the next page. */
export function logsApi(): Hono<AppEnv> {
  const api = new Hono<AppEnv>();
  api.get('/', async (c) => {
    if (!c.env.DB) throw new GatewayError({ status: 503, type: 'server_error', code: 'storage_unavailable', message: 'no D1 binding "DB"' });
    const parsed = querySchema.safeParse(c.req.query());
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      throw GatewayError.invalidRequest(formatIssues(parsed.error.issues, c.req.query()), 'invalid_value', issue.path.join('.') || null);
    }
    const { cursor, ...filter } = parsed.data;
    const rows = await queryLogRows(c.env.DB, { ...filter, limit: filter.limit + 1, after: cursor ? decodeCursor(cursor) : undefined });
    const page = rows.slice(0, filter.limit);
    return c.json({ logs: page, next_cursor: rows.length > filter.limit ? encodeCursor(page.at(-1)!) : null });
  });
  return api;
}
