// Serves the built Worker with Miniflare (local D1, KV and the metrics Durable Object), sends chat
// requests through the shipped config (answered by the mocker), then checks GET /metrics with
// Prometheus' own `promtool check metrics` and that its counters match what was sent.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Miniflare } from 'miniflare';

const root = resolve(import.meta.dirname, '..');
const out = mkdtempSync(join(tmpdir(), 'heimdall-metrics-'));
const state = join(out, 'state');
const wrangler = (args) =>
  execFileSync('npx', ['wrangler', ...args], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, WRANGLER_SEND_METRICS: 'false' } });
wrangler(['deploy', '--dry-run', '--outdir', out]);
// The migrations are applied by wrangler itself, into a state folder Miniflare then serves.
wrangler(['d1', 'migrations', 'apply', 'DB', '--local', '--persist-to', state]);

const mf = new Miniflare({
  scriptPath: join(out, 'index.js'),
  modules: true,
  modulesRoot: out,
  compatibilityDate: '2026-04-20',
  compatibilityFlags: ['nodejs_compat'],
  // The same database id as wrangler.toml, so Miniflare opens the database wrangler migrated.
  d1Databases: { DB: readFileSync(join(root, 'wrangler.toml'), 'utf8').match(/database_id = "([^"]+)"/)[1] },
  d1Persist: join(state, 'v3', 'd1'),
  kvNamespaces: ['KV'],
  durableObjects: { METRICS: { className: 'MetricsAggregator', useSQLite: true } },
  cf: false,
});
try {
  const chat = (stream) =>
    mf.dispatchFetch('http://gateway/v1/chat/completions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'openai/gpt-4o-mini', stream, messages: [{ role: 'user', content: 'hi' }] }),
    });
  const sent = { json: 4, stream: 3 };
  for (let i = 0; i < sent.json; i++) await (await chat(false)).text();
  for (let i = 0; i < sent.stream; i++) await (await chat(true)).text();
  const text = await (await mf.dispatchFetch('http://gateway/metrics')).text();

  const check = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
  if (check.error) throw new Error(`promtool not runnable (${check.error.message}); apt-get install prometheus`);
  if (check.status !== 0) throw new Error(`promtool check metrics failed:\n${check.stdout}${check.stderr}\n---\n${text}`);

  const total = (name) =>
    text
      .split('\n')
      .filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `))
      .reduce((n, l) => n + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
  const expected = sent.json + sent.stream;
  for (const name of ['http_requests_total', 'bifrost_upstream_requests_total', 'bifrost_success_requests_total']) {
    if (total(name) !== expected) throw new Error(`${name} is ${total(name)}, sent ${expected}:\n${text}`);
  }
  console.log(`check-metrics: promtool accepts /metrics; http_requests_total = bifrost_upstream_requests_total = ${expected} as sent (${sent.json} JSON, ${sent.stream} streamed)`);
} finally {
  await mf.dispose();
}
