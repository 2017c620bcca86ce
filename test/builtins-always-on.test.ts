import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { bundledPlugins } from '../plugins';
import { chat, testGateway, USER_HELLO } from './support/gateway';

// Governance and telemetry are meant to run on every request: no write through the management API,
// and no value written straight into KV, may switch them off, move them or swap their config.

const ADMIN = { authorization: 'Bearer test-admin-token', 'content-type': 'application/json' };
const gw = testGateway({ plugins: bundledPlugins, storage: true, client: { plugin_refresh_interval_ms: 0 } });
const api = (method: string, path: string, body?: unknown) =>
  gw.fetch(`/api/plugins${path}`, { method, headers: ADMIN, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
const running = async (): Promise<string[]> => (await (await gw.fetch('/health')).json<any>()).plugins.map((p: { name: string }) => p.name);

describe('built-ins are always on', () => {
  for (const name of ['governance', 'telemetry', 'logging']) {
    it(`${name}: the toggle route refuses to switch it off, and it keeps running`, async () => {
      const res = await api('PUT', `/${name}/toggle`, { enabled: false });
      expect(res.status).toBe(400);
      const body = await res.json<any>();
      expect(body.error.code).toBe('builtin_always_on');
      expect(body.error.message).toContain('always on');
      expect(await env.KV!.get(`plugin-toggle:${name}`)).toBeNull();
      expect(await running()).toContain(name);
    });
  }

  it('PUT /api/plugins/governance with enabled:false or a new order is refused; DELETE too', async () => {
    for (const body of [{ enabled: false }, { order: -5 }]) {
      const res = await api('PUT', '/governance', body);
      expect(res.status).toBe(400);
      expect((await res.json<any>()).error.code).toBe('builtin_always_on');
    }
    const del = await api('DELETE', '/governance');
    expect(del.status).toBe(400);
    expect(await running()).toContain('governance');
  });

  it('a toggle written straight into KV is ignored and reported in /health', async () => {
    await env.KV!.put('plugin-toggle:governance', JSON.stringify({ enabled: false }));
    await env.KV!.put('plugin-toggle:telemetry', JSON.stringify({ enabled: true, config: { not: 'telemetry config' } }));
    const health = await (await gw.fetch('/health')).json<any>();
    expect(health.plugins.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(['governance', 'telemetry']));
    const problems = health.plugin_problems.map((p: { name: string }) => p.name);
    expect(problems).toEqual(expect.arrayContaining(['governance', 'telemetry']));
    // Telemetry still counts requests under its own config.
    expect((await gw.fetch('/v1/chat/completions', chat({ model: 'openai/gpt-4.1-nano', messages: USER_HELLO }))).status).toBe(200);
    await env.KV!.delete('plugin-toggle:governance');
    await env.KV!.delete('plugin-toggle:telemetry');
  });

  it('a custom plugin can still be toggled', async () => {
    expect((await api('POST', '', { name: 'hello-world', placement: 'post_builtin', order: 0 })).status).toBe(201);
    const res = await api('PUT', '/hello-world/toggle', { enabled: false });
    expect(res.status).toBe(200);
    expect(await running()).not.toContain('hello-world');
  });
});
