import type { Context } from 'hono';
import type { AppEnv } from '../app-env';
import { renderMetrics } from '../telemetry/isolate-metrics';

/** GET /metrics: the gateway-wide figures in Prometheus text format. */
export async function metrics(c: Context<AppEnv>): Promise<Response> {
  return new Response(await renderMetrics(c.env), { headers: { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' } });
}
