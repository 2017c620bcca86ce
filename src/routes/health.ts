import type { Context } from 'hono';
import type { AppEnv } from '../app-env';

/** GET /health: up, and which plugins run, in order, and which could not. */
export async function health(c: Context<AppEnv>): Promise<Response> {
  const { set, problems, release } = await c.var.runtime.plugins.acquire(c.env);
  release();
  return c.json({
    status: 'ok',
    plugins: set.plugins.map((p) => ({ name: p.name, placement: p.placement, order: p.order })),
    plugin_problems: problems,
    // Whether canned answers may stand in for providers: the mocker running with hooks to answer.
    mocker: set.plugins.some((p) => p.name === 'mocker' && p.hooks.preLLMHook) ? 'answering' : 'off',
  });
}
