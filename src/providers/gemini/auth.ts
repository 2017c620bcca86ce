import type { ProviderCall } from '../types';

/** Backend auth, apart from translation: AI Studio keys travel in `x-goog-api-key`, never the URL. */
export function geminiHeaders(call: ProviderCall): Headers {
  const h = new Headers(call.provider.extraHeaders);
  h.set('content-type', 'application/json');
  if (call.key?.value) h.set('x-goog-api-key', call.key.value);
  return h;
}
