import { HonoBase, type HonoOptions } from 'hono/hono-base';
import type { Result, Router } from 'hono/router';
import { TrieRouter } from 'hono/router/trie-router';
import type { BlankEnv, BlankSchema, Env, Schema } from 'hono/types';

/**
 * TrieRouter, with the match of each static route's path kept once computed. The trie walks every
 * segment and every middleware pattern on each request (~0.015 ms of CPU per request at c=32 in
 * bench/ablation.mjs, the same as the rest of routing put together); the client routes are static
 * paths, and a match depends on nothing but the method and the path. Only paths registered as
 * routes are kept, so the memo is bounded by the route table, not by what clients send.
 */
class MemoTrieRouter<T> implements Router<T> {
  readonly name = 'MemoTrieRouter';
  private readonly trie = new TrieRouter<T>();
  private readonly staticPaths = new Set<string>();
  private readonly memo = new Map<string, Result<T>>();

  add(method: string, path: string, handler: T): void {
    if (!/[:*?]/.test(path)) this.staticPaths.add(path);
    this.memo.clear();
    this.trie.add(method, path, handler);
  }

  match(method: string, path: string): Result<T> {
    if (!this.staticPaths.has(path)) return this.trie.match(method, path);
    const key = `${method} ${path}`;
    let result = this.memo.get(key);
    if (!result) {
      result = this.trie.match(method, path);
      this.memo.set(key, result);
    }
    return result;
  }
}

/**
 * Hono routing on the trie, the router hono's default preset ends up with here anyway: its
 * SmartRouter tries RegExpRouter first, which refuses this app's routes (the static
 * /v1/responses/input_tokens beside /v1/responses/:id), and falls back to TrieRouter on the first
 * request. Naming it keeps the routing exactly as it was and leaves RegExpRouter and SmartRouter
 * out of the bundle (issue 17: 1.8 KB gzip). Every app and sub-app is made with this class.
 */
export class Hono<E extends Env = BlankEnv, S extends Schema = BlankSchema, BasePath extends string = '/'> extends HonoBase<E, S, BasePath> {
  constructor(options: HonoOptions<E> = {}) {
    super({ ...options, router: new MemoTrieRouter() });
  }
}
