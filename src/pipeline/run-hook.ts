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
 * isolated (the result is SKIPPED), unless the plugin is fail-closed, which fails the request
 * (observers excepted: the response is out by then). Every call before the response completes
 * lands in the request's timeline (the hook spans of traces, the log's hook timings); observers
 * read that timeline, so theirs do not.
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
    note(rc, plugin, hook, attempt, start, true, slot);
    return failed(rc, plugin, hook, err);
  }
  if (!(result instanceof Promise)) {
    note(rc, plugin, hook, attempt, start, false, slot);
    return result;
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  const overrun = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new HookTimeout()), plugin.hookTimeoutMs);
  });
  return Promise.race([result, overrun]).then(
    (value) => {
      clearTimeout(timer);
      note(rc, plugin, hook, attempt, start, false, slot);
      return value;
    },
    (err: unknown) => {
      clearTimeout(timer);
      note(rc, plugin, hook, attempt, start, true, slot);
      return failed(rc, plugin, hook, err);
    },
  );
}

function note(rc: RequestContext, plugin: PluginInstance, hook: HookName, attempt: number | null, start: number, failed: boolean, slot: StreamSlot | undefined): void {
  if (hook !== 'onRequestEnd') rc.timeline.hook(plugin.name, hook, attempt, start, Date.now(), failed, slot);
}

function failed(rc: RequestContext, plugin: PluginInstance, hook: HookName, err: unknown): typeof SKIPPED {
  const timedOut = err instanceof HookTimeout;
  const message = timedOut ? `exceeded its ${plugin.hookTimeoutMs} ms budget` : err instanceof Error ? err.message : String(err);
  rc.recordFailure({ plugin: plugin.name, hook, message, timedOut });
  if (plugin.failClosed && hook !== 'onRequestEnd') {
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
