import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import helloWorld from '../plugins/hello-world';
import { definePlugin, type PluginDefinition } from '../src/sdk';
import { chat, testGateway, USER_HELLO } from './support/gateway';
import { recordingPlugin } from './support/recording-plugin';

// One D1 and one KV for this file; tests build on each other's rows where they say so.
const ADMIN = { authorization: 'Bearer test-admin-token', 'content-type': 'application/json' };
const api = (gw: ReturnType<typeof testGateway>, method: string, path: string, body?: unknown, headers: Record<string, string> = ADMIN) =>
  gw.fetch(`/api/plugins${path}`, { method, headers, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
const ask = (gw: ReturnType<typeof testGateway>) => gw.fetch('/v1/chat/completions', chat({ model: 'openai/gpt-4.1-nano', messages: USER_HELLO }));

const trace: string[] = [];
const SEED_NAMES = ['auth-validator', 'request-enricher', 'response-logger', 'analytics'];
const builtinProbe = recordingPlugin('builtin-probe', trace, {}, { builtin: { position: 0 } });
const catalog: PluginDefinition[] = [...SEED_NAMES.map((n) => recordingPlugin(n, trace)), builtinProbe, helloWorld];
const gateway = (entries: unknown[] = []) => testGateway({ plugins: catalog, entries, storage: true, client: { plugin_refresh_interval_ms: 0 } });
const llmOrder = () => trace.filter((t) => t.endsWith('.preLLM') || t.endsWith('.postLLM'));

describe('plugin sequence stored in D1, managed through /api/plugins', () => {
  const gw = gateway([{ name: 'builtin-probe', enabled: true }]);

  it("runs the seeds' example in the documented order: pre 1st…5th, post 5th…1st", async () => {
    for (const [name, placement, order] of [
      ['analytics', 'post_builtin', 1],
      ['auth-validator', 'pre_builtin', 0],
      ['response-logger', 'post_builtin', 0],
      ['request-enricher', 'pre_builtin', 1],
    ] as const) {
      expect((await api(gw, 'POST', '', { name, placement, order })).status).toBe(201);
    }
    trace.length = 0;
    expect((await ask(gw)).status).toBe(200);
    expect(llmOrder()).toEqual([
      'auth-validator.preLLM', 'request-enricher.preLLM', 'builtin-probe.preLLM', 'response-logger.preLLM', 'analytics.preLLM',
      'analytics.postLLM', 'response-logger.postLLM', 'builtin-probe.postLLM', 'request-enricher.postLLM', 'auth-validator.postLLM',
    ]);
  });

  it('reorders through the bulk sequence endpoint for the next request, without a restart', async () => {
    const res = await api(gw, 'PUT', '/sequence', {
      plugins: [
        { name: 'analytics', placement: 'pre_builtin', order: 0 },
        { name: 'auth-validator', placement: 'post_builtin', order: 5 },
      ],
    });
    expect(res.status).toBe(200);
    trace.length = 0;
    await ask(gw);
    expect(llmOrder().slice(0, 5)).toEqual(['analytics.preLLM', 'request-enricher.preLLM', 'builtin-probe.preLLM', 'response-logger.preLLM', 'auth-validator.preLLM']);
  });

  it('lists plugins with placement, order, enabled, version, status; a built-in keeps its place', async () => {
    const list = await (await api(gw, 'GET', '')).json<any>();
    const byName = Object.fromEntries(list.plugins.map((p: any) => [p.name, p]));
    expect(byName.analytics).toMatchObject({ placement: 'pre_builtin', order: 0, enabled: true, version: 1, status: 'active', last_error: null, is_custom: true });
    expect(byName['builtin-probe']).toMatchObject({ placement: 'builtin', order: 0, status: 'active', is_custom: false });
    const moveBuiltin = await api(gw, 'PUT', '/sequence', { plugins: [{ name: 'builtin-probe', placement: 'pre_builtin', order: -1 }] });
    expect(moveBuiltin.status).toBe(400);
    expect((await moveBuiltin.json<any>()).error.code).toBe('builtin_fixed');
  });

  it('a KV toggle disables a plugin for the next request, and lifting it brings it back', async () => {
    await env.KV!.put('plugin-toggle:analytics', JSON.stringify({ enabled: false }));
    trace.length = 0;
    await ask(gw);
    expect(trace).not.toContain('analytics.preLLM');
    // The disabled instance was cleaned up once the set without it took over.
    expect(trace).toContain('analytics.cleanup');
    expect((await (await api(gw, 'GET', '/analytics')).json<any>())).toMatchObject({ status: 'disabled', toggle: { enabled: false }, enabled: true });
    expect((await api(gw, 'DELETE', '/analytics/toggle')).status).toBe(200);
    trace.length = 0;
    await ask(gw);
    expect(trace).toContain('analytics.preLLM');
  });

  it('updates config through the API, validated against the plugin schema, with env references kept as references', async () => {
    const bad = await api(gw, 'PUT', '/hello-world', { enabled: true, config: { greeting: 42 } });
    expect(bad.status).toBe(400);
    const err = (await bad.json<any>()).error;
    expect(err).toMatchObject({ type: 'invalid_request_error', code: 'invalid_config', param: 'config.greeting' });
    expect(err.message).toMatch(/^config\.greeting: /);
    const ok = await api(gw, 'PUT', '/hello-world', { enabled: true, placement: 'pre_builtin', config: { greeting: 'env.TEST_OPENAI_KEY' } });
    expect(ok.status).toBe(200);
    const shown = await ok.json<any>();
    expect(shown.config).toEqual({ greeting: 'env.TEST_OPENAI_KEY' });
    expect(JSON.stringify(shown)).not.toContain('sk-test-openai');
    // The plugin itself received the resolved secret.
    expect((await ask(gw)).headers.get('x-hello')).toBe('sk-test-openai openai/gpt-4.1-nano');
  });

  it('answers every error path in OpenAI style', async () => {
    expect((await api(gw, 'GET', '', undefined, {})).status).toBe(401);
    expect((await api(gw, 'GET', '', undefined, { authorization: 'Bearer wrong' })).status).toBe(401);
    expect((await api(gw, 'GET', '', undefined, { authorization: 'test-admin-token' })).status).toBe(401);
    const missing = await api(gw, 'GET', '/nope');
    expect(missing.status).toBe(404);
    expect((await missing.json<any>()).error.code).toBe('plugin_not_found');
    expect((await api(gw, 'DELETE', '/nope')).status).toBe(404);
    const dup = await api(gw, 'POST', '', { name: 'analytics' });
    expect(dup.status).toBe(409);
    expect((await dup.json<any>()).error.code).toBe('plugin_exists');
    const unbundled = await api(gw, 'POST', '', { name: 'not-in-bundle' });
    expect(unbundled.status).toBe(400);
    expect((await unbundled.json<any>()).error.message).toMatch(/available: auth-validator/);
    const builtinPlacement = await api(gw, 'PUT', '/analytics', { placement: 'builtin' });
    expect(builtinPlacement.status).toBe(400);
    expect((await builtinPlacement.json<any>()).error.code).toBe('invalid_placement');
    const wrongType = await api(gw, 'PUT', '/analytics', { order: 'first' });
    expect(wrongType.status).toBe(400);
    expect((await wrongType.json<any>()).error.param).toBe('order');
    const badJson = await gw.fetch('/api/plugins', { method: 'POST', headers: ADMIN, body: '{' });
    expect(badJson.status).toBe(400);
    expect((await api(gw, 'PUT', '/sequence', { plugins: [{ name: 'ghost', placement: 'pre_builtin', order: 0 }] })).status).toBe(400);
  });

  it("serves a plugin's config schema as JSON Schema (what the web UI builds its form from)", async () => {
    const res = await api(gw, 'GET', '/hello-world/schema');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      name: 'hello-world',
      schema: { type: 'object', properties: { greeting: { type: 'string', minLength: 1, default: 'hello' } } },
    });
    const missing = await api(gw, 'GET', '/not-bundled/schema');
    expect(missing.status).toBe(404);
    expect((await missing.json<any>()).error.code).toBe('plugin_not_bundled');
    expect((await api(gw, 'GET', '/hello-world/schema', undefined, {})).status).toBe(401);
  });

  it('deletes a plugin from the sequence', async () => {
    expect((await api(gw, 'DELETE', '/request-enricher')).status).toBe(200);
    trace.length = 0;
    await ask(gw);
    expect(trace).not.toContain('request-enricher.preLLM');
    expect(trace).toContain('request-enricher.cleanup');
  });

  it('sees a change written to D1 by hand (wrangler d1 execute) on the next request', async () => {
    await env.DB!.prepare('UPDATE plugins SET enabled = 0 WHERE name = ?').bind('response-logger').run();
    trace.length = 0;
    await ask(gw);
    expect(trace).not.toContain('response-logger.preLLM');
    await env.DB!.prepare('UPDATE plugins SET enabled = 1 WHERE name = ?').bind('response-logger').run();
    trace.length = 0;
    await ask(gw);
    expect(trace).toContain('response-logger.preLLM');
  });

  it('leaves a consistent order after concurrent bulk sequence updates', async () => {
    const a = [
      { name: 'analytics', placement: 'pre_builtin', order: 0 },
      { name: 'auth-validator', placement: 'pre_builtin', order: 1 },
      { name: 'response-logger', placement: 'pre_builtin', order: 2 },
    ];
    const b = [
      { name: 'analytics', placement: 'post_builtin', order: 2 },
      { name: 'auth-validator', placement: 'post_builtin', order: 1 },
      { name: 'response-logger', placement: 'post_builtin', order: 0 },
    ];
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => api(gw, 'PUT', '/sequence', { plugins: i % 2 ? a : b })));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    const rows = (await (await api(gw, 'GET', '')).json<any>()).plugins.filter((p: any) => ['analytics', 'auth-validator', 'response-logger'].includes(p.name));
    const state = rows.map((p: any) => ({ name: p.name, placement: p.placement, order: p.order })).sort((x: any, y: any) => x.name.localeCompare(y.name));
    expect([JSON.stringify(a), JSON.stringify(b)]).toContain(JSON.stringify(state));
  });
});

describe('config file version precedence over D1', () => {
  const named = (greeting: string, version: number) => [{ name: 'hello-world', enabled: true, version, config: { greeting } }];
  const greetingOf = async (gw: ReturnType<typeof testGateway>) => (await ask(gw)).headers.get('x-hello')?.split(' ')[0];

  it('a higher file version overwrites the stored row at startup; a lower or equal one does not', async () => {
    // The row from the suite above has version 1 and a greeting set through the API.
    expect(await greetingOf(gateway(named('from-file-v1', 1)))).toBe('sk-test-openai');
    expect(await greetingOf(gateway(named('from-file-v2', 2)))).toBe('from-file-v2');
    // Now D1 holds version 2; an API write at version 5 then outranks a file at version 3.
    const gw = gateway(named('from-file-v3', 3));
    expect(await greetingOf(gw)).toBe('from-file-v3');
    expect((await api(gw, 'PUT', '/hello-world', { version: 5, config: { greeting: 'from-api-v5' } })).status).toBe(200);
    expect(await greetingOf(gateway(named('from-file-v4', 4)))).toBe('from-api-v5');
  });
});

describe('hot reload', () => {
  it('keeps the snapshot of a request in flight, inits the new instance, cleans up the old one when idle', async () => {
    const events: string[] = [];
    let unblock!: () => void;
    const blocked = new Promise<void>((r) => (unblock = r));
    const stateful = definePlugin({
      name: 'stateful',
      configSchema: z.object({ label: z.string() }),
      init(config) {
        events.push(`init ${config.label}`);
        return {
          async httpPreHook(_ctx, req) {
            if (req.headers['x-block'] && config.label === 'one') await blocked;
          },
          httpPostHook(_ctx, _req, res) {
            res.headers['x-label'] = config.label;
          },
          cleanup() {
            events.push(`cleanup ${config.label}`);
          },
        };
      },
    });
    const broken = definePlugin({ name: 'broken', configSchema: z.object({}), init: () => { throw new Error('no backend'); } });
    const gw = testGateway({ plugins: [stateful, broken], storage: true, client: { plugin_refresh_interval_ms: 0, plugin_hook_timeout_ms: 10_000 } });
    expect((await api(gw, 'POST', '', { name: 'stateful', config: { label: 'one' } })).status).toBe(201);
    const inFlight = gw.fetch('/v1/chat/completions', chat({ model: 'openai/gpt-4.1-nano', messages: USER_HELLO }, { 'x-block': '1' }));
    await new Promise((r) => setTimeout(r, 50));
    expect((await api(gw, 'PUT', '/stateful', { config: { label: 'two' } })).status).toBe(200);
    expect((await ask(gw)).headers.get('x-label')).toBe('two');
    expect(events).toEqual(['init one', 'init two']);
    unblock();
    expect((await inFlight).headers.get('x-label')).toBe('one');
    await new Promise((r) => setTimeout(r, 10));
    expect(events).toEqual(['init one', 'init two', 'cleanup one']);

    // A plugin whose init fails is left out, reported by the API, and the gateway keeps serving.
    expect((await api(gw, 'POST', '', { name: 'broken' })).status).toBe(201);
    expect((await ask(gw)).status).toBe(200);
    expect(await (await api(gw, 'GET', '/broken')).json()).toMatchObject({ status: 'error', last_error: 'no backend' });
  });
});

describe('refresh behind the request', () => {
  it('the request that finds the set due is served the one in hand; its refresh, run after its response, brings the change to the next', async () => {
    const gw = testGateway({ plugins: catalog, entries: [{ name: 'request-enricher', enabled: true }], storage: true, client: { plugin_refresh_interval_ms: 1000 } });
    trace.length = 0;
    await ask(gw);
    expect(trace).toContain('request-enricher.preLLM');
    await env.KV!.put('plugin-toggle:request-enricher', JSON.stringify({ enabled: false }));
    try {
      await new Promise((r) => setTimeout(r, 1100)); // due, and well under two intervals old
      trace.length = 0;
      await ask(gw);
      expect(trace).toContain('request-enricher.preLLM');
      // The refresh runs in that request's waitUntil: the toggle is in force once it finished.
      let seen = false;
      for (let i = 0; i < 50 && !seen; i++) {
        await new Promise((r) => setTimeout(r, 20));
        trace.length = 0;
        await ask(gw);
        seen = !trace.includes('request-enricher.preLLM');
      }
      expect(seen).toBe(true);
    } finally {
      await env.KV!.delete('plugin-toggle:request-enricher');
    }
  });
});
