// Serves the built Worker with Miniflare (local D1, KV and the metrics Durable Object), sends chat
// requests through the shipped config (answered by the mocker), then checks GET /metrics with
// Prometheus' own `promtool check metrics` and that its counters match what was sent.
import { spawnSync } from 'node:child_process';
import { serveBuiltWorker } from './serve-built-worker.mjs';

const { mf } = await serveBuiltWorker();
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
