import { GatewayError } from '../errors/gateway-error';
import type { HookName } from './define-plugin';
import type { RequestContext } from './hook-context';
import type { PluginInstance } from './plugin-set';
import type { StreamSlot } from './timeline';

/** Returned instead of a value when a fail-open hook threw or overran its budget. */
export const SKIPPED: unique symbol = Symbol('hook skipped');

class HookTimeout extends Error {}

/**
 * Runs one hook with the runner's guarantees: a throw, a rejection or an overrun is recorded and
 * isolated (the result is SKIPPED), unless the plugin is fail-closed, which fails the request.
 * Every call lands in the request's timeline (the hook spans of traces, the log's hook timings).
 * A hook that returns synchronously is answered synchronously: no promise, no timer, which matters
 * on streams where hooks run once per event.
 */
export function runHook<T>(
  rc: RequestContext,
  plugin: PluginInstance,
  hook: HookName,
  call: () => T | Promise<T>,
  slot?: StreamSlot,
): T | typeof SKIPPED | Promise<T | typeof SKIPPED> {
  const start = Date.now();
  // LLM hooks belong to an attempt; transport hooks to the request.
  const attempt = hook === 'preLLMHook' || hook === 'postLLMHook' ? rc.fallbackIndex : null;
  let result: T | Promise<T>;
  try {
    result = call();
  } catch (err) {
    rc.timeline.hook(plugin.name, hook, attempt, start, Date.now(), true, slot);
    return failed(rc, plugin, hook, err);
  }
  if (!(result instanceof Promise)) {
    rc.timeline.hook(plugin.name, hook, attempt, start, Date.now(), false, slot);
    return result;
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const overrun = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new HookTimeout()), plugin.hookTimeoutMs);
  });
  return Promise.race([result, overrun]).then(
    (value) => {
      clearTimeout(timer);
      rc.timeline.hook(plugin.name, hook, attempt, start, Date.now(), false, slot);
      return value;
    },
    (err: unknown) => {
      clearTimeout(timer);
      rc.timeline.hook(plugin.name, hook, attempt, start, Date.now(), true, slot);
      return failed(rc, plugin, hook, err);
    },
  );
}

function failed(rc: RequestContext, plugin: PluginInstance, hook: HookName, err: unknown): typeof SKIPPED {
  const timedOut = err instanceof HookTimeout;
  const message = timedOut ? `exceeded its ${plugin.hookTimeoutMs} ms budget` : err instanceof Error ? err.message : String(err);
  rc.recordFailure({ plugin: plugin.name, hook, message, timedOut });
  if (plugin.failClosed) {
    throw new GatewayError({
      status: timedOut ? 504 : 500,
      type: 'plugin_error',
      code: timedOut ? 'plugin_timeout' : 'plugin_failed',
      message: `plugin "${plugin.name}" ${hook} failed: ${message}`,
      allowFallbacks: false,
      cause: err,
    });
  }
  return SKIPPED;
}
