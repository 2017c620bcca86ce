import type { ChatMessage } from '../../types/chat';

// The Responses API's stored responses (D1 table `responses`, migration 0008): what
// `previous_response_id` continues and GET/DELETE /v1/responses/{id} read. Every query is scoped
// to the virtual key the request used (`null` when none resolved), so one key never sees another's.

/**
 * D1 stores a row of at most 2,000,000 bytes; a conversation past this bound is not stored (the
 * answer still goes out, marked `store: false`), rather than failing the write.
 */
export const MAX_STORED_BYTES = 1_500_000;

export interface StoredResponse {
  /** The response object as GET returns it. */
  response: Record<string, unknown>;
  /** The canonical conversation so far: input and answer, without `instructions`. */
  messages: ChatMessage[];
}

const encoder = new TextEncoder();
/** D1 counts bytes; a string's length counts UTF-16 units (a CJK character is 1 unit and 3 bytes). */
const utf8Length = (s: string) => encoder.encode(s).byteLength;

interface Row {
  response: string;
  messages: string;
  expires_at: number;
}

/** Writes a response; false when it is past the size bound. Overwrites nothing: ids are minted fresh. */
export async function storeResponse(db: D1Database, scope: string | null, id: string, stored: StoredResponse, retentionMs: number, now = Date.now()): Promise<boolean> {
  const response = JSON.stringify(stored.response);
  const messages = JSON.stringify(stored.messages);
  if (utf8Length(response) + utf8Length(messages) > MAX_STORED_BYTES) return false;
  await db
    .prepare('INSERT INTO responses (id, scope, response, messages, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)')
    .bind(id, scope, response, messages, now, now + retentionMs)
    .run();
  return true;
}

/** The stored response `id` of this scope, unless it expired (an expired row is deleted on the way). */
export async function loadResponse(db: D1Database, scope: string | null, id: string, now = Date.now()): Promise<StoredResponse | undefined> {
  // `IS` compares NULL scopes as equal, as `=` would not.
  const row = await db.prepare('SELECT response, messages, expires_at FROM responses WHERE id = ? AND scope IS ?').bind(id, scope).first<Row>();
  if (!row) return undefined;
  if (row.expires_at <= now) {
    await db.prepare('DELETE FROM responses WHERE id = ?').bind(id).run();
    return undefined;
  }
  return { response: JSON.parse(row.response) as Record<string, unknown>, messages: JSON.parse(row.messages) as ChatMessage[] };
}

/** Deletes the scope's response `id`; false when there was none (or it had expired). */
export async function deleteResponse(db: D1Database, scope: string | null, id: string, now = Date.now()): Promise<boolean> {
  const res = await db.prepare('DELETE FROM responses WHERE id = ? AND scope IS ? RETURNING expires_at').bind(id, scope).first<{ expires_at: number }>();
  return res !== null && res.expires_at > now;
}

/** Expired rows, a bounded batch at a time (run after a write, off the response path). */
export async function purgeExpired(db: D1Database, now = Date.now()): Promise<void> {
  await db.prepare('DELETE FROM responses WHERE id IN (SELECT id FROM responses WHERE expires_at <= ? LIMIT 100)').bind(now).run();
}
