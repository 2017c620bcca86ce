import { HonoBase, type HonoOptions } from 'hono/hono-base';
import { TrieRouter } from 'hono/router/trie-router';
import type { BlankEnv, BlankSchema, Env, Schema } from 'hono/types';

/**
 * Hono routing with TrieRouter, the router hono's default preset ends up with here anyway: its
 * SmartRouter tries RegExpRouter first, which refuses this app's routes (the static
 * /v1/responses/input_tokens beside /v1/responses/:id), and falls back to TrieRouter on the first
 * request. Naming it keeps the routing exactly as it was and leaves RegExpRouter and SmartRouter
 * out of the bundle (issue 17: 1.8 KB gzip). Every app and sub-app is made with this class.
 */
export class Hono<E extends Env = BlankEnv, S extends Schema = BlankSchema, BasePath extends string = '/'> extends HonoBase<E, S, BasePath> {
  constructor(options: HonoOptions<E> = {}) {
    super({ ...options, router: new TrieRouter() });
  }
}
