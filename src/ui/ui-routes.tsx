import { Hono } from '../routes/trie-hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import type { AppEnv } from '../app-env';
import { hasUiSession, isAdminToken } from '../routes/admin/require-admin';
import { renderPage } from './layout';
import { keysPage } from './pages/keys-page';
import { logDetailPage } from './pages/log-detail-page';
import { logsPage } from './pages/logs-page';
import { LoginPage } from './pages/login-page';
import { pluginConfigPage } from './pages/plugin-config-page';
import { pluginsPage } from './pages/plugins-page';
import { createSession, SESSION_COOKIE } from './session';

/** Where to go after logging in: a UI page of this gateway, nothing else. */
const safeNext = (next: unknown) => (typeof next === 'string' && /^\/ui\/[\w\-./?=&%]*$/.test(next) ? next : '/ui/plugins');

/** The web UI under /ui: a login form, then pages that read storage and call /api/* for changes. */
export function uiRoutes(): Hono<AppEnv> {
  const ui = new Hono<AppEnv>();

  ui.get('/', (c) => c.redirect('/ui/plugins'));
  ui.get('/login', (c) => renderPage(c, <LoginPage next={safeNext(c.req.query('next'))} />));

  ui.post('/login', async (c) => {
    const form = await c.req.parseBody();
    const next = safeNext(form.next);
    const expected = c.env.HEIMDALL_ADMIN_TOKEN;
    if (!expected) return renderPage(c, <LoginPage next={next} error="The admin API is disabled: set the HEIMDALL_ADMIN_TOKEN secret." />, 401);
    if (typeof form.token !== 'string' || !(await isAdminToken(expected, form.token))) {
      return renderPage(c, <LoginPage next={next} error="Wrong admin token." />, 401);
    }
    // A session cookie (no Max-Age): gone when the browser closes, and the signature expires anyway.
    setCookie(c, SESSION_COOKIE, await createSession(expected), {
      path: '/',
      httpOnly: true,
      sameSite: 'Strict',
      secure: new URL(c.req.url).protocol === 'https:',
    });
    return c.redirect(next, 303);
  });

  ui.post('/logout', (c) => {
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.redirect('/ui/login', 303);
  });

  ui.use('*', async (c, next) => {
    const expected = c.env.HEIMDALL_ADMIN_TOKEN;
    if (!expected || !(await hasUiSession(c, expected))) {
      const url = new URL(c.req.url);
      return renderPage(c, <LoginPage next={safeNext(url.pathname + url.search)} />, 401);
    }
    await next();
  });

  ui.get('/plugins', pluginsPage);
  ui.get('/plugins/:name', pluginConfigPage);
  ui.get('/logs', logsPage);
  ui.get('/logs/:id', logDetailPage);
  ui.get('/keys', keysPage);
  return ui;
}
