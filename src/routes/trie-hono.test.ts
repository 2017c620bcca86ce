import { HonoBase } from 'hono/hono-base';
import { TrieRouter } from 'hono/router/trie-router';
import { describe, expect, it } from 'vitest';
import { Hono } from './trie-hono';

/** An app shaped like the gateway's: a global middleware, a prefixed one, static and param routes side by side. */
function app(a: HonoBase = new Hono()) {
  a.use(async (c, next) => {
    await next();
    c.res.headers.append('x-seen', 'global');
  });
  a.use('/api/*', async (c, next) => {
    await next();
    c.res.headers.append('x-seen', 'api');
  });
  a.post('/v1/responses/input_tokens', (c) => c.text('count'));
  a.get('/v1/responses/:id', (c) => c.text(`get ${c.req.param('id')}`));
  a.get('/api/plugins', (c) => c.text('plugins'));
  a.all('/v1/responses/input_tokens', (c) => c.text('405', 405));
  return a;
}

const call = async (a: HonoBase, method: string, path: string) => {
  const res = await a.request(path, { method });
  return `${res.status} ${await res.text()} [${res.headers.get('x-seen')}]`;
};

describe('Hono on the memoised trie', () => {
  it('answers every request as the plain trie does, the first time and once its match is kept', async () => {
    const a = app();
    const plain = app(new HonoBase({ router: new TrieRouter() }));
    const cases: [string, string, string][] = [
      ['POST', '/v1/responses/input_tokens', '200 count [global]'],
      ['GET', '/v1/responses/input_tokens', '200 get input_tokens [global]'],
      ['GET', '/v1/responses/resp_1', '200 get resp_1 [global]'],
      ['GET', '/v1/responses/resp_2', '200 get resp_2 [global]'],
      ['DELETE', '/v1/responses/input_tokens', '405 405 [global]'],
      ['GET', '/api/plugins', '200 plugins [api, global]'],
      ['POST', '/api/plugins', '404 404 Not Found [api, global]'],
      ['GET', '/api/plugins/', '404 404 Not Found [api, global]'],
      ['GET', '/nowhere', '404 404 Not Found [global]'],
    ];
    for (let round = 0; round < 3; round++) {
      for (const [method, path, expected] of cases) {
        expect(`${round} ${await call(a, method, path)}`).toBe(`${round} ${expected}`);
        expect(await call(plain, method, path)).toBe(expected);
      }
    }
  });

  it('a route added after a path was matched takes part in that path’s next match', async () => {
    const a = new Hono();
    a.get('/health', (c) => c.text('first'));
    expect(await call(a, 'POST', '/health')).toBe('404 404 Not Found [null]');
    a.post('/health', (c) => c.text('added'));
    expect(await call(a, 'POST', '/health')).toBe('200 added [null]');
  });
});
