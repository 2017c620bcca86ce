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

const runtime = (refreshIntervalMs = 0) =>
  new PluginRuntime({
    fileEntries: [{ name: 'hello-world', enabled: true, placement: 'post_builtin', order: 0, config: { greeting: 'hi' }, version: 1 }],
    catalog: [helloWorld],
    builtinConfig: () => ({}),
    hookTimeoutMs: 1000,
    refreshIntervalMs,
    services: NO_GATEWAY_SERVICES,
  });
/** Runs `body` with `Date.now` moved on by what it passes to `advance`. */
async function withClock(body: (advance: (ms: number) => void) => Promise<void>) {
  const realNow = Date.now;
  let offset = 0;
  Date.now = () => realNow() + offset;
  try {
    await body((ms) => (offset += ms));
  } finally {
    Date.now = realNow;
  }
}
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

  it('a request is served a set under two intervals old and hands the refresh over for after its response; the next one gets what it read', () =>
    withClock(async (advance) => {
      const { env, reads } = heldKv();
      const rt = runtime(1000);
      const later: Array<() => Promise<void>> = [];
      const background = (start: () => Promise<void>) => void later.push(start);
      const cold = rt.acquire(env, background);
      expect(await settled(cold)).toBe(false); // nothing in hand yet: the first request reads
      reads[0]!(true);
      expect(names(await cold)).toEqual(['hello-world']);

      advance(1500); // due, and under two intervals old: served as it is, nothing read yet
      const due = rt.acquire(env, background);
      expect(await settled(due)).toBe(true);
      expect(names(await due)).toEqual(['hello-world']);
      expect(reads).toHaveLength(1);
      expect(later).toHaveLength(1);
      // Until that request starts it, the refresh counts as in flight: no other request takes one on.
      expect(names(await rt.acquire(env, background))).toEqual(['hello-world']);
      expect(later).toHaveLength(1);
      const refreshed = later[0]!();
      expect(reads).toHaveLength(2);
      reads[1]!(false);
      await refreshed;
      expect(names(await rt.acquire(env, background))).toEqual([]);
      expect(reads).toHaveLength(2);

      advance(2500); // two intervals old: this request reads before it goes on
      const old = rt.acquire(env, background);
      expect(await settled(old)).toBe(false);
      reads[2]!(true);
      expect(names(await old)).toEqual(['hello-world']);
      expect(later).toHaveLength(1);
    }));

  it('after invalidate() a request waits for the read even when it could refresh in the background', async () => {
    const { env, reads } = heldKv();
    const rt = runtime(60_000);
    const background = () => {};
    const cold = rt.acquire(env, background);
    reads[0]!(true);
    await cold;
    rt.invalidate();
    const after = rt.acquire(env, background);
    expect(await settled(after)).toBe(false);
    reads[1]!(false);
    expect(names(await after)).toEqual([]);
  });

  it('a background refresh that fails keeps the set in hand for another interval, and says so', () =>
    withClock(async (advance) => {
      let fail = false;
      let reads = 0;
      const env = {
        KV: {
          get: async (keys: string[]) => {
            reads++;
            if (fail) throw new Error('KV unavailable');
            return new Map(keys.map((k) => [k, null]));
          },
        },
      } as unknown as Cloudflare.Env;
      const rt = runtime(60_000);
      const later: Array<() => Promise<void>> = [];
      const background = (start: () => Promise<void>) => void later.push(start);
      await rt.acquire(env, background);
      expect(reads).toBe(1);
      fail = true;
      advance(61_000);
      const errors: string[] = [];
      const realError = console.error;
      console.error = (line: string) => void errors.push(line);
      try {
        expect(names(await rt.acquire(env, background))).toEqual(['hello-world']);
        await later[0]!();
        expect(reads).toBe(2);
        expect(errors.join('\n')).toContain('KV unavailable');
        // Within the next interval no request reads again.
        advance(30_000);
        expect(names(await rt.acquire(env, background))).toEqual(['hello-world']);
        expect(reads).toBe(2);
        expect(later).toHaveLength(1);
      } finally {
        console.error = realError;
      }
    }));

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
