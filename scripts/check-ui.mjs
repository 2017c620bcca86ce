// End-to-end check of the web UI in headless Chromium (Debian's `chromium`, driven by
// playwright-core) against the built Worker served on a localhost port: log in, reorder plugins by
// drag and drop and by keyboard, switch a plugin off, edit configs, create and use a virtual key,
// filter the logs. Every page is also loaded at 390 px wide; any console error or uncaught page
// error fails the run. Screenshots of each page at both widths go to test-output/ui/ (git-ignored).
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { serveBuiltWorker } from './serve-built-worker.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const root = resolve(import.meta.dirname, '..');
const shots = join(root, 'test-output', 'ui');
const TOKEN = `e2e-${randomBytes(12).toString('hex')}`;
const WIDTHS = [1280, 390];
const RUN_TIMEOUT_MS = 240_000;

if (!existsSync(CHROMIUM)) {
  console.log(`check-ui: ${CHROMIUM} not found (apt-get install chromium, or set CHROMIUM_PATH)`);
  process.exit(2);
}
const deadline = setTimeout(() => {
  console.log(`check-ui: FAILED, still running after ${RUN_TIMEOUT_MS / 1000} s`);
  process.exit(1);
}, RUN_TIMEOUT_MS);

rmSync(shots, { recursive: true, force: true });
mkdirSync(shots, { recursive: true });
const { mf, url } = await serveBuiltWorker({ port: 0, bindings: { HEIMDALL_ADMIN_TOKEN: TOKEN, HEIMDALL_OFFLINE_DEMO: '1' } });
const base = url.origin;
const userDataDir = mkdtempSync(join(tmpdir(), 'heimdall-chromium-'));
const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: CHROMIUM,
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: { width: 1280, height: 900 },
});
context.setDefaultTimeout(10_000);
const page = context.pages()[0] ?? (await context.newPage());

// Every console error and uncaught exception fails the run, except the browser's own note about
// a response whose error status a step is testing on purpose.
const problems = [];
let expectedStatus = null;
page.on('console', (m) => {
  if (m.type() !== 'error') return;
  if (expectedStatus !== null && m.text().includes(`status of ${expectedStatus}`)) return;
  problems.push(`console error on ${page.url()}: ${m.text()}`);
});
page.on('pageerror', (err) => problems.push(`page error on ${page.url()}: ${err.message}`));

async function expectingStatus(status, action) {
  expectedStatus = status;
  try {
    return await action();
  } finally {
    expectedStatus = null;
  }
}

function check(condition, message) {
  if (!condition) throw new Error(message);
}
const same = (actual, expected, what) => check(JSON.stringify(actual) === JSON.stringify(expected), `${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);

const admin = { authorization: `Bearer ${TOKEN}` };
const api = (path, init = {}) => fetch(new URL(path, base), { ...init, headers: { ...admin, ...init.headers } });
const chat = (headers = {}) =>
  fetch(new URL('/v1/chat/completions', base), {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }),
  });
/** /health lists the plugins an isolate runs, in their order. */
const runningOrder = async () => (await (await fetch(new URL('/health', base))).json()).plugins.map((p) => p.name);

/**
 * Sends a request, then reads from its log detail page the plugins whose HTTP pre hook ran, in
 * the order they ran (the request's timeline). Logs are written in waitUntil: wait for the row.
 */
async function hookOrderOfARequest() {
  const id = `e2e-order-${Date.now()}`;
  check((await chat({ 'x-request-id': id })).ok, 'the chat request failed');
  for (let i = 0; i < 100 && (await api(`/api/logs/${id}`)).status !== 200; i++) await new Promise((r) => setTimeout(r, 50));
  await page.goto(`${base}/ui/logs/${id}`);
  return page.$$eval('[data-timeline-hooks] tr[data-hook$=".httpPreHook"]', (rows) => rows.map((r) => r.dataset.hook.split('.')[0]));
}

/** The page at each width: no horizontal overflow at 390 px, and a full-page screenshot. */
async function shoot(name) {
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: 900 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    // Names the outermost element that sticks out, so a failure says what to fix.
    const culprit = overflow <= 0 ? '' : await page.evaluate(() => {
      // Content of a scrolling box (a wide table in its wrapper) may stick out: the box clips it.
      const clipped = (el) => { for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) if (getComputedStyle(p).overflowX !== 'visible') return true; return false; };
      const out = [...document.body.querySelectorAll('*')].find((el) => el.getBoundingClientRect().right > window.innerWidth + 1 && !clipped(el));
      return out ? `${out.tagName.toLowerCase()}${out.id ? `#${out.id}` : ''}${out.className && typeof out.className === 'string' ? `.${out.className.trim().split(/\s+/).join('.')}` : ''}` : 'unknown';
    });
    check(overflow <= 0, `${name} at ${width} px is ${overflow} px wider than the viewport (first element past the edge: ${culprit})`);
    await page.screenshot({ path: join(shots, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 1280, height: 900 });
}

/** Runs `action` and waits for the page load it causes (a form's reload after an API call). */
async function andReload(action) {
  await Promise.all([page.waitForEvent('load'), action()]);
}

const sequenceOrder = () =>
  page.$$eval('#sequence-list > li', (items) => items.map((li) => (li.matches('[data-builtin-block]') ? 'BUILT-INS' : li.dataset.name)));
const statusOf = (name) => page.textContent(`[data-plugin="${name}"] [data-status]`);

const steps = [
  ['pages and data need the admin token', async () => {
    same((await fetch(new URL('/api/plugins', base))).status, 401, 'GET /api/plugins without a token');
    same((await fetch(new URL('/ui/logs', base))).status, 401, 'GET /ui/logs without a session');
    const res = await expectingStatus(401, () => page.goto(`${base}/ui/plugins`));
    same(res.status(), 401, 'GET /ui/plugins without a session');
    await page.waitForSelector('form[action="/ui/login"]');
    await shoot('login');
  }],
  ['a wrong token shows an error', async () => {
    await page.fill('#token', 'not-the-token');
    await expectingStatus(401, () => andReload(() => page.click('button[type="submit"]:has-text("Log in")')));
    check((await page.textContent('[role="alert"]#login-error'))?.includes('Wrong admin token.'), 'no error shown for a wrong token');
  }],
  ['log in with the admin token, never putting it in a URL', async () => {
    await page.fill('#token', TOKEN);
    await andReload(() => page.click('button[type="submit"]:has-text("Log in")'));
    check(new URL(page.url()).pathname === '/ui/plugins', `landed on ${page.url()}`);
    check(!page.url().includes(TOKEN), 'the token is in the URL');
    await shoot('plugins');
  }],
  ['switch a custom plugin on', async () => {
    await andReload(() => page.check('[data-toggle-plugin="hello-world"]'));
    same(await statusOf('hello-world'), 'active', 'hello-world status');
    same(await runningOrder(), ['telemetry', 'logging', 'governance', 'hello-world', 'mocker'], 'running order');
    check((await chat()).headers.get('x-hello'), 'hello-world did not run');
  }],
  ['drag a custom plugin from below to above the built-in block and save', async () => {
    await page.click('#edit-sequence');
    await page.locator('.sequence-item[data-name="hello-world"]').dragTo(page.locator('[data-builtin-block]'), { targetPosition: { x: 20, y: 3 } });
    same(await sequenceOrder(), ['hello-world', 'BUILT-INS', 'mocker'], 'editor order after the drag');
    await shoot('sequence-editor');
    await andReload(() => page.click('#save-sequence'));
    same(await runningOrder(), ['hello-world', 'telemetry', 'logging', 'governance', 'mocker'], 'running order after saving');
    const placement = await page.textContent('section[aria-label="Before built-ins"] [data-plugin="hello-world"] dd');
    same(placement, 'pre_builtin', 'hello-world placement on the page');
    check((await chat()).headers.get('x-hello'), 'hello-world did not run from its new place');
    // The request's own timeline, in the log detail view: hello-world's hook now runs first.
    same(await hookOrderOfARequest(), ['hello-world', 'governance'], 'HTTP pre hooks of a request, in the order they ran');
    await shoot('log-detail-timeline');
    await page.goto(`${base}/ui/plugins`);
  }],
  ['reorder with the keyboard, announced to screen readers', async () => {
    await page.click('#edit-sequence');
    await page.focus('.sequence-item[data-name="hello-world"]');
    await page.keyboard.press('Alt+ArrowDown');
    same(await sequenceOrder(), ['BUILT-INS', 'hello-world', 'mocker'], 'order after Alt+ArrowDown');
    check((await page.textContent('#announcer'))?.includes('after the built-in plugins'), 'the move was not announced');
    check(await page.evaluate(() => document.activeElement?.getAttribute('data-name') === 'hello-world'), 'focus left the moved plugin');
    await page.click('.sequence-item[data-name="mocker"] button[data-move="up"]');
    same(await sequenceOrder(), ['BUILT-INS', 'mocker', 'hello-world'], 'order after Move up');
    await page.keyboard.press('Alt+ArrowUp');
    await andReload(() => page.click('#cancel-sequence'));
    same(await runningOrder(), ['hello-world', 'telemetry', 'logging', 'governance', 'mocker'], 'running order after cancelling');
  }],
  ["edit a plugin's config through its schema's form, with field-level errors", async () => {
    await page.goto(`${base}/ui/plugins/mocker`);
    await page.fill('textarea[name="config.rules"]', JSON.stringify([{ name: 'r', probability: 2, responses: [{ type: 'success', content: { message: 'x' } }] }]));
    const error = page.locator('[data-error-for="config.rules"]');
    await expectingStatus(400, async () => {
      await page.click('button:has-text("Save config")');
      await error.waitFor();
    });
    check((await error.textContent()).includes('probability'), `field error: ${await error.textContent()}`);
    same(await page.getAttribute('textarea[name="config.rules"]', 'aria-invalid'), 'true', 'aria-invalid on the field');
    await shoot('plugin-config');
    await page.goto(`${base}/ui/plugins/hello-world`);
    await page.fill('input[name="config.greeting"]', 'hej');
    await andReload(() => page.click('button:has-text("Save config")'));
    same(await page.inputValue('input[name="config.greeting"]'), 'hej', 'stored greeting');
    check((await chat()).headers.get('x-hello')?.startsWith('hej '), 'the new greeting is not used');
  }],
  ['switch a plugin off and see it skipped', async () => {
    await page.goto(`${base}/ui/plugins`);
    await andReload(() => page.uncheck('[data-toggle-plugin="hello-world"]'));
    same(await statusOf('hello-world'), 'disabled', 'hello-world status');
    same(await runningOrder(), ['telemetry', 'logging', 'governance', 'mocker'], 'running order');
    same((await chat()).headers.get('x-hello'), null, 'x-hello from a disabled plugin');
    same(await hookOrderOfARequest(), ['governance'], 'HTTP pre hooks of a request with hello-world off');
  }],
  ['create a virtual key (field errors first), use it, see its usage, edit and block it', async () => {
    await page.goto(`${base}/ui/keys`);
    await page.fill('#new-key-name', 'e2e-key');
    await page.fill('#new-key-budget_max_usd', '1');
    await page.fill('#new-key-budget_reset', 'soon');
    await page.fill('#new-key-request_max', '100');
    await page.fill('#new-key-request_window', '1h');
    await expectingStatus(400, async () => {
      await page.click('button:has-text("Create key")');
      await page.locator('[data-error-for="budget_reset"]:visible').waitFor();
    });
    await page.fill('#new-key-budget_reset', '1d');
    await page.click('button:has-text("Create key")');
    await page.locator('#new-key').waitFor();
    const value = (await page.locator('#new-key [data-secret]').textContent()).trim();
    check(value.startsWith('sk-bf-'), `shown key: ${value}`);
    same((await chat({ 'x-bf-vk': value })).status, 200, 'a request with the new key');
    await andReload(() => page.click('[data-reload]'));
    const card = page.locator('li.key[data-key-name="e2e-key"]');
    for (let i = 0; i < 20 && !(await card.textContent()).includes('1 of 100 per 1h'); i++) await page.reload();
    check((await card.textContent()).includes('1 of 100 per 1h'), `usage not shown: ${await card.textContent()}`);
    check(!(await page.content()).includes(value), "the key's value is still on the page");
    await shoot('keys');
    await card.locator('summary:has-text("Edit")').click();
    await card.locator('input[name="name"]').fill('e2e-key-renamed');
    await andReload(() => card.locator('button:has-text("Save")').click());
    const renamed = page.locator('li.key[data-key-name="e2e-key-renamed"]');
    await andReload(() => renamed.locator('button:has-text("Block")').click());
    same(await renamed.locator('.badge').textContent(), 'blocked', 'key badge');
    const refused = await chat({ 'x-bf-vk': value });
    same([refused.status, (await refused.json()).error.code], [403, 'virtual_key_blocked'], 'a request with the blocked key');
  }],
  ['filter the logs, open one request', async () => {
    const keyId = (await (await api('/api/governance/virtual-keys')).json()).virtual_keys[0].id;
    // Rows are written in batches after the responses (waitUntil): wait for the newest one, the
    // blocked key's 403, rather than for a count of rows.
    for (let i = 0; i < 100 && (await (await api('/api/logs?status=403')).json()).logs.length === 0; i++) await new Promise((r) => setTimeout(r, 50));
    await page.goto(`${base}/ui/logs`);
    const bars = await page.$$eval('figure.chart svg rect.bar', (rects) => rects.filter((r) => Number(r.getAttribute('height')) > 0).length);
    check(bars > 0, 'the chart shows no requests');
    check((await page.locator('tr[data-log-id]').count()) >= 6, 'fewer log rows than requests sent');
    await shoot('logs');
    await page.fill('#filter-status', '403');
    await andReload(() => page.click('button:has-text("Filter")'));
    check(!new URL(page.url()).searchParams.has('provider'), `empty filters in the URL: ${page.url()}`);
    same(await page.$$eval('tr[data-log-id] td:nth-child(2)', (tds) => tds.map((td) => td.textContent)), ['403'], 'statuses after filtering by 403');
    await page.goto(`${base}/ui/logs`);
    await page.fill('#filter-virtual_key', keyId);
    await andReload(() => page.click('button:has-text("Filter")'));
    same(await page.$$eval('tr[data-log-id] td:nth-child(2)', (tds) => tds.map((td) => td.textContent)), ['403', '200'], "the key's requests, newest first");
    const future = new Date(Date.now() + 3_600_000);
    const pad = (n) => String(n).padStart(2, '0');
    await page.fill('#from-local', `${future.getFullYear()}-${pad(future.getMonth() + 1)}-${pad(future.getDate())}T${pad(future.getHours())}:${pad(future.getMinutes())}:00`);
    await andReload(() => page.click('button:has-text("Filter")'));
    check(Number(new URL(page.url()).searchParams.get('from')) > Date.now(), `from not sent in ms: ${page.url()}`);
    same(await page.locator('tr[data-log-id]').count(), 0, 'rows from the future');
    await page.goto(`${base}/ui/logs?virtual_key=${keyId}&status=200`);
    await andReload(() => page.click('tr[data-log-id] a'));
    check((await page.textContent('dl.detail')).includes('openai/gpt-4o-mini'), 'detail without the model');
    check(await page.locator('[data-no-timeline], [data-timeline-hooks]').count(), 'detail without a timeline section');
    await shoot('log-detail');
  }],
  ['delete a virtual key (asks twice)', async () => {
    await page.goto(`${base}/ui/keys`);
    const card = page.locator('li.key[data-key-name="e2e-key-renamed"]');
    await card.locator('button:has-text("Delete")').click();
    await andReload(() => card.locator('button:has-text("Click again to confirm")').click());
    same(await page.locator('li.key').count(), 0, 'keys left');
  }],
  ['log out', async () => {
    await andReload(() => page.click('button:has-text("Log out")'));
    const res = await expectingStatus(401, () => page.goto(`${base}/ui/keys`));
    same(res.status(), 401, 'GET /ui/keys after logging out');
  }],
];

let failed = 0;
try {
  for (const [name, run] of steps) {
    const before = problems.length;
    try {
      await run();
      if (problems.length > before) throw new Error(problems.slice(before).join('\n'));
      console.log(`ok - ${name}`);
    } catch (err) {
      failed++;
      console.log(`not ok - ${name}\n  ${String(err?.stack ?? err).split('\n').slice(0, 4).join('\n  ')}`);
      await page.screenshot({ path: join(shots, `failed-${steps.findIndex(([n]) => n === name)}.png`), fullPage: true }).catch(() => {});
      break;
    }
  }
} finally {
  await context.close();
  await mf.dispose();
  rmSync(userDataDir, { recursive: true, force: true });
  clearTimeout(deadline);
}
console.log(failed ? 'check-ui: FAILED' : `check-ui: ${steps.length} steps passed in Chromium at ${WIDTHS.join(' and ')} px; screenshots in test-output/ui/`);
process.exit(failed ? 1 : 0);
