import { GatewayError } from '../errors/gateway-error';
import type { HookName } from './define-plugin';
import type { RequestContext } from './hook-context';
import type { PluginInstance } from './plugin-set';

/** Returned instead of a value when a fail-open hook threw or overran its budget. */
export const SKIPPED: unique symbol = Symbol('hook skipped');

class HookTimeout extends Error {}

/**
 * Runs one hook with the runner's guarantees: a throw, a rejection or an overrun is recorded and
 * isolated (the result is SKIPPED), unless the plugin is fail-closed, which fails the request.
 * A hook that returns synchronously pays for no timer.
 */
export async function runHook<T>(
  rc: RequestContext,
  plugin: PluginInstance,
  hook: HookName,
  call: () => T | Promise<T>,
): Promise<T | typeof SKIPPED> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const result = call();
    if (!(result instanceof Promise)) return result;
    const overrun = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new HookTimeout()), plugin.hookTimeoutMs);
    });
    return await Promise.race([result, overrun]);
  } catch (err) {
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
  } finally {
    if (timer !== undefined) clearTimeout(timer);
  }
}
