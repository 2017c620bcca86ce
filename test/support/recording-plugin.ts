import { z } from 'zod';
import { definePlugin, type PluginDefinition, type PluginHooks } from '../../src/sdk';

/**
 * A test plugin that appends `<name>.<hook>` to a shared trace for every hook it implements, then
 * runs the override for that hook if one is given. Built per test so traces never mix.
 */
export function recordingPlugin(name: string, trace: string[], overrides: PluginHooks = {}, extra: Partial<PluginDefinition> = {}): PluginDefinition {
  const hooks: PluginHooks = {
    httpPreHook: (ctx, req) => {
      trace.push(`${name}.httpPre`);
      return overrides.httpPreHook?.(ctx, req);
    },
    preLLMHook: (ctx, req) => {
      trace.push(`${name}.preLLM`);
      return overrides.preLLMHook?.(ctx, req);
    },
    postLLMHook: (ctx, res, err) => {
      // Streams call this per event; trace only the final one to keep traces readable.
      if (!ctx.isStream || ctx.isFinalChunk) trace.push(`${name}.postLLM`);
      return overrides.postLLMHook?.(ctx, res, err);
    },
    httpPostHook: (ctx, req, res) => {
      trace.push(`${name}.httpPost`);
      return overrides.httpPostHook?.(ctx, req, res);
    },
    streamChunkHook: (ctx, req, chunk) => (overrides.streamChunkHook ? overrides.streamChunkHook(ctx, req, chunk) : chunk),
    cleanup: () => {
      trace.push(`${name}.cleanup`);
    },
  };
  return definePlugin({ name, configSchema: z.object({}), init: () => hooks, ...extra }) as PluginDefinition;
}

export const entry = (name: string, placement = 'post_builtin', order = 0, more: Record<string, unknown> = {}) => ({
  name,
  enabled: true,
  placement,
  order,
  ...more,
});
