import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { definePlugin, NO_GATEWAY_SERVICES } from './define-plugin';
import { PluginSet, type PluginSpec } from './plugin-set';

const spec = (definition: PluginSpec['definition'], placement: PluginSpec['placement'] = 'post_builtin', order = 0, config: unknown = {}): PluginSpec => ({
  definition,
  config,
  placement,
  order,
  failClosed: false,
  hookTimeoutMs: 1000,
  rank: 0,
});

describe('PluginSet lifecycle', () => {
  it('initialises in sequence order, leaves out a plugin whose init fails, and reports why', async () => {
    const ok = (name: string) => definePlugin({ name, configSchema: z.object({}), init: () => ({}) });
    const broken = definePlugin({ name: 'broken', configSchema: z.object({}), init: async () => { throw new Error('cannot reach its backend'); } });
    const set = await PluginSet.build([spec(ok('late'), 'post_builtin', 5), spec(broken), spec(ok('early'), 'pre_builtin', 9)], env, NO_GATEWAY_SERVICES);
    expect(set.plugins.map((p) => p.name)).toEqual(['early', 'late']);
    expect(set.initFailures).toEqual([{ name: 'broken', message: 'cannot reach its backend' }]);
  });

  it('resolves env. references in plugin config and fails init naming a missing variable', async () => {
    let seen: unknown;
    const needsKey = definePlugin({ name: 'needs-key', configSchema: z.object({ api_key: z.string() }), init: (config) => { seen = config; return {}; } });
    const good = await PluginSet.build([spec(needsKey, 'post_builtin', 0, { api_key: 'env.TEST_OPENAI_KEY' })], env, NO_GATEWAY_SERVICES);
    expect(good.plugins).toHaveLength(1);
    expect(seen).toEqual({ api_key: 'sk-test-openai' });
    const missing = await PluginSet.build([spec(needsKey, 'post_builtin', 0, { api_key: 'env.NOT_SET_ANYWHERE' })], env, NO_GATEWAY_SERVICES);
    expect(missing.plugins).toHaveLength(0);
    expect(missing.initFailures[0]!.message).toMatch(/plugin "needs-key" config\.api_key reads env\.NOT_SET_ANYWHERE, which is not set/);
  });

  it('calls every cleanup on dispose, even when one throws', async () => {
    const cleaned: string[] = [];
    const make = (name: string, fail = false) =>
      definePlugin({ name, configSchema: z.object({}), init: () => ({ cleanup: () => { cleaned.push(name); if (fail) throw new Error('leak'); } }) });
    const set = await PluginSet.build([spec(make('a')), spec(make('b', true)), spec(make('c'))], env, NO_GATEWAY_SERVICES);
    await set.dispose();
    expect(cleaned.sort()).toEqual(['a', 'b', 'c']);
  });
});
