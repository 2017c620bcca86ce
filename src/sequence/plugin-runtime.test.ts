import { describe, expect, it } from 'vitest';
import helloWorld from '../../plugins/hello-world';
import { definePlugin, NO_GATEWAY_SERVICES } from '../pipeline/define-plugin';
import * as z from '../zod';
import { toggleKey } from '../storage/plugin-toggles';
import { PluginRuntime } from './plugin-runtime';

/**
 * A KV whose bulk reads wait until the test answers them, so a refresh can be held in flight. Each
 * read is another request's I/O in the deployed Worker: no other acquire may wait for it.
 */
function heldKv() {
  const reads: Array<(enabled: boolean) => void> = [];
  const kv = {
    get: (keys: string[]) =>
      new Promise<Map<string, string | null>>((resolve) => {
        reads.push((enabled) => resolve(new Map(keys.map((k) => [k, k === toggleKey('hello-world') ? JSON.stringify({ enabled }) : null]))));
      }),
  };
  return { env: { KV: kv } as unknown as Cloudflare.Env, reads };
}

const runtime = () =>
  new PluginRuntime({
    fileEntries: [{ name: 'hello-world', enabled: true, placement: 'post_builtin', order: 0, config: { greeting: 'hi' }, version: 1 }],
    catalog: [helloWorld],
    builtinConfig: () => ({}),
    hookTimeoutMs: 1000,
    refreshIntervalMs: 0,
    services: NO_GATEWAY_SERVICES,
  });
const names = (s: { set: { plugins: readonly { name: string }[] } }) => s.set.plugins.map((p) => p.name);
/** Whether `p` settled within a few turns of the event loop (nothing else it could wait for). */
const settled = async (p: Promise<unknown>) => {
  let done = false;
  void p.then(() => (done = true));
  for (let i = 0; i < 5; i++) await new Promise((r) => setTimeout(r, 0));
  return done;
};

describe('PluginRuntime: no request waits for another request\'s refresh', () => {
  it('a request arriving while a refresh is in flight uses the snapshot in hand', async () => {
    const { env, reads } = heldKv();
    const rt = runtime();
    const first = rt.acquire(env);
    reads[0]!(true);
    expect(names(await first)).toEqual(['hello-world']);

    // Stale at once (interval 0): this request refreshes with its own read, held open.
    const refreshing = rt.acquire(env);
    expect(reads).toHaveLength(2);
    const meanwhile = rt.acquire(env);
    expect(await settled(meanwhile)).toBe(true);
    expect(reads).toHaveLength(2);
    expect(names(await meanwhile)).toEqual(['hello-world']);

    // The refresher sees what it read: hello-world switched off in KV.
    expect(await settled(refreshing)).toBe(false);
    reads[1]!(false);
    expect(names(await refreshing)).toEqual([]);
  });

  it("an isolate's first requests each read for themselves", async () => {
    const { env, reads } = heldKv();
    const rt = runtime();
    const a = rt.acquire(env);
    const b = rt.acquire(env);
    expect(reads).toHaveLength(2);
    reads[1]!(true);
    expect(names(await b)).toEqual(['hello-world']);
    expect(await settled(a)).toBe(false);
    reads[0]!(true);
    expect(names(await a)).toEqual(['hello-world']);
  });

  it('after invalidate() the next request reads again, and an older refresh finishing later does not replace the newer state', async () => {
    const { env, reads } = heldKv();
    const rt = runtime();
    const cold = rt.acquire(env);
    reads[0]!(true);
    await cold;
    const older = rt.acquire(env);
    rt.invalidate();
    const newer = rt.acquire(env);
    expect(reads).toHaveLength(3);
    reads[2]!(false);
    expect(names(await newer)).toEqual([]);
    // The older read (on) comes back last: its request is served the newer snapshot, which stays.
    reads[1]!(true);
    expect(names(await older)).toEqual([]);
  });

  it('a set that lost the race while it built cleans up only what it initialised, never what it reused', async () => {
    // keeper stays on throughout; slow's init waits on the test, so the older refresh is still
    // building when the newer one installs.
    const cleanups: string[] = [];
    let openSlow: () => void = () => {};
    const plugin = (name: string, gated: boolean) =>
      definePlugin({
        name,
        configSchema: z.looseObject({}),
        async init() {
          if (gated) await new Promise<void>((resolve) => (openSlow = resolve));
          return { cleanup: () => void cleanups.push(name) };
        },
      });
    const toggles = (on: string[]) => new Map(['keeper', 'slow', 'dropped'].map((n) => [toggleKey(n), JSON.stringify({ enabled: on.includes(n) })]));
    const reads: Array<(on: string[]) => void> = [];
    const env = { KV: { get: (keys: string[]) => new Promise((resolve) => reads.push((on) => resolve(new Map(keys.map((k) => [k, toggles(on).get(k) ?? null]))))) } } as unknown as Cloudflare.Env;
    const rt = new PluginRuntime({
      fileEntries: ['keeper', 'slow', 'dropped'].map((name) => ({ name, enabled: true, placement: 'post_builtin' as const, order: 0, config: {}, version: 1 })),
      catalog: [plugin('keeper', false), plugin('slow', true), plugin('dropped', false)],
      builtinConfig: () => ({}),
      hookTimeoutMs: 1000,
      refreshIntervalMs: 0,
      services: NO_GATEWAY_SERVICES,
    });
    const cold = rt.acquire(env);
    reads[0]!(['keeper', 'dropped']);
    (await cold).release();

    const older = rt.acquire(env);
    reads[1]!(['keeper', 'dropped', 'slow']); // builds: reuses keeper and dropped, waits in slow's init
    await new Promise((r) => setTimeout(r, 0));
    rt.invalidate();
    const newer = rt.acquire(env);
    reads[2]!(['keeper']); // installs: the cold set is retired, dropped cleaned up
    expect(names(await newer)).toEqual(['keeper']);
    openSlow();
    expect(names(await older)).toEqual(['keeper']);
    await new Promise((r) => setTimeout(r, 0));
    // The older set's own slow instance is cleaned up; dropped (reused, cleaned by its owner) not twice.
    expect(cleanups.sort()).toEqual(['dropped', 'slow']);
  });
});
