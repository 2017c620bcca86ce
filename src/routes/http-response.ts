import type { HttpResponse } from '../pipeline/http-types';

/** The hook-editable response → a real Response; our own Headers, never an upstream's. */
export function toResponse(res: HttpResponse, requestId: string): Response {
  const headers = new Headers(res.headers);
  headers.set('x-request-id', requestId);
  const body = typeof res.body === 'string' ? res.body : JSON.stringify(res.body);
  if (typeof res.body !== 'string' && !headers.has('content-type')) headers.set('content-type', 'application/json');
  return new Response(body, { status: res.status, headers });
}
