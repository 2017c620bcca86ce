import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { deleteResponse, loadResponse, MAX_STORED_BYTES, purgeExpired, storeResponse } from './stored-responses';

const db = env.DB!;
const stored = (text: string) => ({ response: { id: 'r', object: 'response' }, messages: [{ role: 'user' as const, content: text }] });
const DAY = 86_400_000;

describe('stored responses (D1)', () => {
  it('reads a response back only in the scope that stored it, NULL scope included', async () => {
    expect(await storeResponse(db, 'vk-a', 'resp_scope_a', stored('a'), DAY)).toBe(true);
    expect(await storeResponse(db, null, 'resp_scope_null', stored('n'), DAY)).toBe(true);
    expect((await loadResponse(db, 'vk-a', 'resp_scope_a'))?.messages).toEqual([{ role: 'user', content: 'a' }]);
    expect(await loadResponse(db, 'vk-b', 'resp_scope_a')).toBeUndefined();
    expect(await loadResponse(db, null, 'resp_scope_a')).toBeUndefined();
    expect(await loadResponse(db, null, 'resp_scope_null')).toBeDefined();
    expect(await loadResponse(db, 'vk-a', 'resp_scope_null')).toBeUndefined();
    expect(await deleteResponse(db, 'vk-b', 'resp_scope_a')).toBe(false);
    expect(await deleteResponse(db, 'vk-a', 'resp_scope_a')).toBe(true);
    expect(await loadResponse(db, 'vk-a', 'resp_scope_a')).toBeUndefined();
  });

  it('does not serve an expired response, and deletes it on the way', async () => {
    const now = Date.now();
    await storeResponse(db, null, 'resp_expiring', stored('x'), 1000, now);
    expect(await loadResponse(db, null, 'resp_expiring', now + 999)).toBeDefined();
    expect(await loadResponse(db, null, 'resp_expiring', now + 1000)).toBeUndefined();
    expect(await db.prepare('SELECT id FROM responses WHERE id = ?').bind('resp_expiring').first()).toBeNull();
    expect(await deleteResponse(db, null, 'resp_expiring')).toBe(false);
  });

  it('purges expired rows in bounded batches', async () => {
    const now = Date.now();
    await storeResponse(db, null, 'resp_old', stored('x'), 1, now - 10);
    await storeResponse(db, null, 'resp_fresh', stored('x'), DAY, now);
    await purgeExpired(db, now);
    expect(await db.prepare('SELECT id FROM responses WHERE id = ?').bind('resp_old').first()).toBeNull();
    expect(await loadResponse(db, null, 'resp_fresh', now)).toBeDefined();
  });

  it('keeps nothing past the size bound, counted in bytes', async () => {
    // Under the bound in UTF-16 units, over it in UTF-8 bytes.
    const wide = '界'.repeat(Math.ceil(MAX_STORED_BYTES / 2));
    expect(await storeResponse(db, null, 'resp_big', stored(wide), DAY)).toBe(false);
    expect(await loadResponse(db, null, 'resp_big')).toBeUndefined();
  });
});
