// Ten plugins that implement every hook and do nothing: what the pipeline itself costs per plugin.
import { z } from 'zod';
import type { Placement, PluginDefinition } from '../src/pipeline/define-plugin';
import type { PluginSpec } from '../src/pipeline/plugin-set';
import { definePlugin } from '../src/sdk';

export const NOOP_PLUGIN_COUNT = 10;

function noopPlugin(name: string): PluginDefinition {
  return definePlugin({
    name,
    configSchema: z.object({}),
    init() {
      return {
        httpPreHook() {},
        preLLMHook() {},
        postLLMHook() {},
        httpPostHook() {},
        streamChunkHook(_ctx, _req, chunk) {
          return chunk;
        },
        onRequestEnd() {},
      };
    },
  }) as PluginDefinition;
}

export const noopPlugins: readonly PluginDefinition[] = Array.from({ length: NOOP_PLUGIN_COUNT }, (_, i) => noopPlugin(`noop-${i}`));

/** The first half runs before the built-ins, the second half after; `order` keeps them in index order. */
function placementOf(i: number): { placement: Placement; order: number } {
  const half = NOOP_PLUGIN_COUNT / 2;
  return i < half ? { placement: 'pre_builtin', order: i } : { placement: 'post_builtin', order: i - half };
}

/** The `plugins` section of a gateway config enabling the first `n` no-op plugins. */
export function noopPluginEntries(n: number) {
  return noopPlugins.slice(0, n).map((d, i) => ({ name: d.name, enabled: true, config: {}, ...placementOf(i) }));
}

/** The same, as validated specs for PluginSet.build (the micro benchmark skips config loading). */
export function noopPluginSpecs(n: number, hookTimeoutMs = 5000): PluginSpec[] {
  return noopPlugins.slice(0, n).map((definition, i) => ({ definition, config: {}, failClosed: false, hookTimeoutMs, rank: i, ...placementOf(i) }));
}
