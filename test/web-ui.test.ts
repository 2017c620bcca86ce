import { env } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import { bundledPlugins } from '../plugins';
import { createSession } from '../src/ui/session';
import { chat, testGateway, USER_HELLO } from './support/gateway';

// The web UI under /ui: the login form, the session cookie (accepted by /api/* too), the pages.
const TOKEN = 'test-admin-token';
const ORIGIN = 'http://gateway.test';
const gw = testGateway({
  plugins: bundledPlugins,
  storage: true,
  client: { enable_logging: true, log_flush_delay_ms: 0, plugin_refresh_interval_ms: 0 },
  entries: [
    { name: 'hello-world', enabled: true, placement: 'post_builtin', version: 3, config: { greeting: 'hi' } },
    { name: 'mocker', enabled: true, placement: 'post_builtin', order: 1, config: { default_behavior: 'passthrough' } },
  ],
});

const login = (token: string, next = '/ui/plugins') =>
  gw.fetch('/ui/login', { method: 'POST', body: new URLSearchParams({ token, next }), redirect: 'manual' });

async function sessionCookie(): Promise<string> {
  const res = await login(TOKEN);
  return res.headers.get('set-cookie')!.split(';')[0]!;
}

const page = async (path: string, cookie: string) => {
  const res = await gw.fetch(path, { headers: { cookie } });
  return { status: res.status, html: await res.text(), headers: res.headers };
};

describe('web UI login and session', () => {
  it('answers every page and the API with 401 without a session, showing the login form', async () => {
    for (const path of ['/ui/plugins', '/ui/plugins/mocker', '/ui/logs', '/ui/logs/x', '/ui/keys']) {
      const res = await gw.fetch(path);
      expect(res.status, path).toBe(401);
      const html = await res.text();
      expect(html).toContain('action="/ui/login"');
      expect(html).toContain(`name="next" value="${path}"`);
    }
    expect((await gw.fetch('/api/plugins')).status).toBe(401);
  });

  it('refuses a wrong token with an error and no cookie', async () => {
    const res = await login('wrong');
    expect(res.status).toBe(401);
    expect(res.headers.get('set-cookie')).toBeNull();
    expect(await res.text()).toContain('Wrong admin token.');
  });

  it('sets an HttpOnly SameSite=Strict session cookie that does not hold the token, and goes to a UI page only', async () => {
    const res = await login(TOKEN, '/ui/logs?status=200');
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/ui/logs?status=200');
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^heimdall_session=\d+\.[\w-]+; Path=\/; HttpOnly; SameSite=Strict$/);
    expect(cookie).not.toContain(TOKEN);
    for (const next of ['https://evil.example/', '//evil.example/ui/', '/api/plugins']) expect((await login(TOKEN, next)).headers.get('location')).toBe('/ui/plugins');
  });

  it('accepts the cookie on /api/*, but a write only from the same origin', async () => {
    const cookie = await sessionCookie();
    expect((await gw.fetch('/api/plugins', { headers: { cookie } })).status).toBe(200);
    const write = (headers: Record<string, string>) =>
      gw.fetch('/api/plugins/hello-world', { method: 'PUT', headers: { cookie, 'content-type': 'application/json', ...headers }, body: JSON.stringify({ enabled: true }) });
    expect((await write({})).status).toBe(401);
    expect((await write({ origin: 'https://evil.example' })).status).toBe(401);
    expect((await write({ origin: ORIGIN })).status).toBe(200);
  });

  it('rejects a tampered, expired or foreign cookie', async () => {
    const [expires, mac] = (await sessionCookie()).split('=')[1]!.split('.');
    const tampered = `heimdall_session=${Number(expires) + 60}.${mac}`;
    const expired = `heimdall_session=${await createSession(TOKEN, Math.floor(Date.now() / 1000) - 13 * 3600)}`;
    const foreign = `heimdall_session=${await createSession('another-token')}`;
    for (const cookie of [tampered, expired, foreign]) expect((await page('/ui/plugins', cookie)).status).toBe(401);
  });

  it('logs out by clearing the cookie', async () => {
    const res = await gw.fetch('/ui/logout', { method: 'POST', headers: { cookie: await sessionCookie() }, redirect: 'manual' });
    expect(res.status).toBe(303);
    expect(res.headers.get('set-cookie')).toMatch(/^heimdall_session=; Max-Age=0; Path=\//);
  });
});

describe('web UI pages', () => {
  it('lists every plugin in run order with its state, and the sequence editor with the built-in block', async () => {
    const { status, html, headers } = await page('/ui/plugins', await sessionCookie());
    expect(status).toBe(200);
    expect(headers.get('cache-control')).toBe('no-store');
    expect(headers.get('content-security-policy')).toContain("default-src 'self'");
    const order = [...html.matchAll(/data-plugin="([\w-]+)"/g)].map((m) => m[1]);
    expect(order).toEqual(['telemetry', 'logging', 'governance', 'hello-world', 'mocker']);
    expect(html).toContain('Edit Plugin Sequence');
    const editor = html.slice(html.indexOf('id="sequence-list"'));
    expect(editor.indexOf('data-builtin-block')).toBeLessThan(editor.indexOf('data-name="hello-world"'));
    expect(html).toContain('data-toggle-plugin="hello-world" checked=""');
    expect(html).not.toContain('data-file-override');
  });

  it('says per plugin when config.json will replace the stored row at the next deploy', async () => {
    const cookie = await sessionCookie();
    const res = await gw.fetch('/api/plugins/hello-world', { method: 'PUT', headers: { cookie, origin: ORIGIN, 'content-type': 'application/json' }, body: JSON.stringify({ version: 2 }) });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ version: 2, file_version: 3, file_overrides: true });
    const { html } = await page('/ui/plugins', cookie);
    const card = html.slice(html.indexOf('data-plugin="hello-world"'), html.indexOf('data-plugin="mocker"'));
    expect(card).toContain('config.json holds version 3, above the stored 2');
    expect(html.slice(html.indexOf('data-plugin="mocker"'))).not.toContain('data-file-override');
  });

  it("generates the config form from the plugin's schema, filled with the stored config", async () => {
    const { status, html } = await page('/ui/plugins/mocker', await sessionCookie());
    expect(status).toBe(200);
    expect(html).toMatch(/<select[^>]*name="config.default_behavior"[^>]*data-kind="string"/);
    expect(html).toMatch(/<option value="passthrough" selected="">/);
    expect(html).toMatch(/<textarea[^>]*name="config.rules"[^>]*data-kind="json"/);
    expect(html).toMatch(/<input type="checkbox"[^>]*name="config.enabled"[^>]*data-kind="boolean"/);
    expect(html).toMatch(/data-error-for="config.rules"/);
    expect((await page('/ui/plugins/nope', await sessionCookie())).status).toBe(404);
  });

  it('shows logs with the API filters, a chart, and one request in detail', async () => {
    const cookie = await sessionCookie();
    await (await gw.fetch('/v1/chat/completions', chat({ model: 'openai/gpt-4.1-nano', messages: USER_HELLO }, { 'x-request-id': 'ui-log-1' }))).text();
    await (await gw.fetch('/v1/chat/completions', chat({ model: 'openai/fail-429', messages: USER_HELLO }, { 'x-request-id': 'ui-log-2' }))).text();
    let html = '';
    for (let i = 0; i < 50 && !html.includes('ui-log-2'); i++) {
      await new Promise((r) => setTimeout(r, 20));
      html = (await page('/ui/logs', cookie)).html;
    }
    expect(html).toContain('data-log-id="ui-log-1"');
    expect(html).toMatch(/<svg[^>]*role="img"[^>]*aria-label="2 requests \(1 errors\)/);
    const only429 = (await page('/ui/logs?status=429&provider=&model=', cookie)).html;
    expect(only429).toContain('data-log-id="ui-log-2"');
    expect(only429).not.toContain('data-log-id="ui-log-1"');
    expect((await page('/ui/logs?status=abc', cookie)).html).toMatch(/role="alert">status: /);

    const detail = await page('/ui/logs/ui-log-1', cookie);
    expect(detail.status).toBe(200);
    expect(detail.html).toContain('openai/gpt-4.1-nano');
    expect(detail.html).toContain('16 / 363');
    // The request's timeline: transport pre hooks in the order they ran (the custom plugin after
    // the built-ins; telemetry and logging only observe), post hooks reversed, and the upstream try.
    const hooks = [...detail.html.matchAll(/data-hook="([\w.-]+)"/g)].map((m) => m[1]!);
    expect(hooks.filter((h) => h.endsWith('.httpPreHook'))).toEqual(['governance.httpPreHook', 'hello-world.httpPreHook']);
    expect(hooks.filter((h) => h.endsWith('.postLLMHook'))[0]).toBe('hello-world.postLLMHook');
    expect(detail.html).toContain('try 1 with key “k1”: 200');
    // A row written before timelines were logged says so.
    await env.DB!.prepare('UPDATE logs SET timeline = NULL WHERE id = ?').bind('ui-log-1').run();
    expect((await page('/ui/logs/ui-log-1', cookie)).html).toContain('No timeline recorded for this request.');
    expect((await page('/ui/logs/missing', cookie)).status).toBe(404);
  });

  it("lists virtual keys with usage against their limits, never a key's value", async () => {
    const cookie = await sessionCookie();
    const created = await gw.fetch('/api/governance/virtual-keys', {
      method: 'POST',
      headers: { cookie, origin: ORIGIN, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'ui-key', budget_max_usd: 1, budget_reset: '1d', request_max: 10, request_window: '1h' }),
    });
    expect(created.status).toBe(201);
    const { id, value } = await created.json<{ id: string; value: string }>();
    expect((await gw.fetch('/v1/chat/completions', chat({ model: 'openai/gpt-4.1-nano', messages: USER_HELLO }, { 'x-bf-vk': value }))).status).toBe(200);
    let html = '';
    for (let i = 0; i < 50 && !html.includes('1 of 10 per 1h'); i++) {
      await new Promise((r) => setTimeout(r, 20));
      html = (await page('/ui/keys', cookie)).html;
    }
    const card = html.slice(html.indexOf(`data-key-id="${id}"`));
    expect(card).toContain('1 of 10 per 1h (10 %)');
    expect(card).toMatch(/<meter min="0" max="1"[^>]*value="0\.000\d+"/);
    expect(html).not.toContain(value);
    expect(html).toContain(value.slice(0, 10));
  });
});
