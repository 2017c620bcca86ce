import type { Context } from 'hono';
import type { AppEnv } from '../app-env';
import { renderMetrics } from '../../plugins/telemetry/isolate-metrics';
import { observersSettled } from './request-scope';

/**
 * GET /metrics: the gateway-wide figures in Prometheus text format. Telemetry counts in its
 * observer, after each response: this isolate's pending ones finish first.
 */
export async function metrics(c: Context<AppEnv>): Promise<Response> {
  await observersSettled();
  return new Response(await renderMetrics(c.env), { headers: { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' } });
}
