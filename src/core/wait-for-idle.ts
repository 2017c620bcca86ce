/**
 * Waits on this request's own timers until `busy()` is false, or `maxMs` passed (then false). For
 * waiting on work other requests started (their observers, their metric flushes): awaiting their
 * promises would continue this request in the I/O context of whichever request resolved them, where
 * its own I/O fails or is charged to a request that may have ended (see PluginRuntime).
 */
export async function waitForIdle(busy: () => boolean, maxMs: number, pollMs = 1): Promise<boolean> {
  const until = Date.now() + maxMs;
  while (busy()) {
    if (Date.now() >= until) return false;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  return true;
}
