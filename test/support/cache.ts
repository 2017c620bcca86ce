import { chat, USER_HELLO } from './gateway';

type Gateway = { fetch(input: string, init?: RequestInit): Promise<Response> };

export const cacheKey = () => ({ 'x-bf-cache-key': crypto.randomUUID() });

export const askChat = (g: Gateway, body: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
  g.fetch('/v1/chat/completions', chat({ model: 'openai/gpt-4.1-nano', messages: USER_HELLO, ...body }, headers));

/**
 * Cache writes run in waitUntil: asks (without storing) until `body` is served from the cache, so
 * the next request meets a settled cache. Bounded, and returns the hit.
 */
export async function stored(g: Gateway, body: Record<string, unknown>, headers: Record<string, string>): Promise<Response> {
  for (let i = 0; i < 100; i++) {
    const res = await askChat(g, { ...body, stream: false }, { ...headers, 'x-bf-cache-no-store': 'true' });
    if (res.headers.get('x-bf-cache-status') === 'hit') return res;
    await res.body?.cancel();
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('the answer never reached the cache');
}

/** Asks once (a miss, stored in waitUntil), then waits until the answer is served from the cache. */
export async function cached(g: Gateway, body: Record<string, unknown>, headers: Record<string, string>): Promise<void> {
  await (await askChat(g, body, headers)).text();
  await stored(g, body, headers);
}
