import type { Context } from 'hono';
import type { AppEnv } from '../app-env';

/** GET /health: up, and which plugins loaded or failed to initialise. */
export async function health(c: Context<AppEnv>): Promise<Response> {
  const set = await c.var.runtime.plugins(c.env);
  return c.json({
    status: 'ok',
    plugins: set.plugins.map((p) => ({ name: p.name, placement: p.placement, order: p.order, status: 'active' })),
    plugin_init_failures: set.initFailures,
  });
}
