import { GatewayError } from '../../errors/gateway-error';
import type { DialectScope } from '../dialect';
import { keyScope } from './key-scope';
import type { Item } from './response-object';
import { loadResponse, type StoredResponse } from './stored-responses';

/** Item ids carry their response's (see `itemId`): `msg_<32 hex><4 hex>` is an item of `resp_<32 hex>`. */
const ITEM_ID = /^(?:msg|fc|rs)_([0-9a-f]{32})[0-9a-f]{4}$/;
/** Responses one request may reference items of (each a D1 read). */
const MAX_REFERENCED_RESPONSES = 16;

const isReference = (v: unknown): v is { type: 'item_reference'; id: string } =>
  v !== null && typeof v === 'object' && (v as { type?: unknown }).type === 'item_reference' && typeof (v as { id?: unknown }).id === 'string';

/**
 * `item_reference` input items (the AI SDK sends them for earlier items when `store` is on) replaced
 * by the items of this key's stored responses they name; one that names none is a 404.
 */
export async function resolveReferences(scope: DialectScope, body: unknown): Promise<unknown> {
  const input = body !== null && typeof body === 'object' ? (body as { input?: unknown }).input : undefined;
  if (!Array.isArray(input) || !input.some(isReference)) return body;
  const db = scope.rc.env.DB;
  const responses = new Map<string, StoredResponse | undefined>();
  const resolved: unknown[] = [];
  for (const [i, item] of input.entries()) {
    if (!isReference(item)) {
      resolved.push(item);
      continue;
    }
    const responseId = ITEM_ID.exec(item.id)?.[1];
    const key = responseId && `resp_${responseId}`;
    if (key && !responses.has(key)) {
      if (responses.size >= MAX_REFERENCED_RESPONSES) throw GatewayError.invalidRequest(`input[${i}]: items of at most ${MAX_REFERENCED_RESPONSES} responses can be referenced in one request`, 'too_many_references', `input[${i}]`);
      responses.set(key, db && (await loadResponse(db, keyScope(scope.rc), key)));
    }
    const found = key ? (responses.get(key)?.response.output as Item[] | undefined)?.find((o) => o.id === item.id) : undefined;
    if (!found) throw new GatewayError({ status: 404, type: 'invalid_request_error', code: 'item_not_found', param: `input[${i}]`, message: `Item with id '${item.id.slice(0, 256)}' not found.` });
    resolved.push(found);
  }
  return { ...(body as Record<string, unknown>), input: resolved };
}
