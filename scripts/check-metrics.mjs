// Serves the built Worker with Miniflare (local D1, KV and the metrics Durable Object), sends chat
// requests through the shipped config, first answered by the mocker (with HEIMDALL_OFFLINE_DEMO set,
// as `npm start` sets it), then (mocker toggled off) by a stand-in for OpenAI replaying the recorded
// payloads, and checks GET /metrics with Prometheus' own `promtool check metrics` and that its
// counters match what was sent: every request counted, and only the provider's answers as upstream
// requests (the mocker's reached no provider). Then the same bundle as a deploy runs it (without the
// variable): the provider answers, not the mocker, and /health says the mocker is off.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { serveBuiltWorker } from './serve-built-worker.mjs';

const FIXTURES = resolve(import.meta.dirname, '../../shared/fixtures/providers/openai');
const recordedJson = readFileSync(`${FIXTURES}/openai-text.json`, 'utf8');
const recordedSse = readFileSync(`${FIXTURES}/openai-text.chunks.txt`, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => `data: ${l}\n\n`).join('') + 'data: [DONE]\n\n';

/** OpenAI's chat endpoint as recorded; anything else the Worker fetches is a failure of the check. */
async function openAIStandIn(request) {
  const url = new URL(request.url);
  if (url.host !== 'api.openai.com' || url.pathname !== '/v1/chat/completions') return new Response(`unexpected fetch ${url}`, { status: 599 });
  const body = await request.json();
  return body.stream ? new Response(recordedSse, { headers: { 'content-type': 'text/event-stream' } }) : new Response(recordedJson, { headers: { 'content-type': 'application/json' } });
}

const ADMIN = 'check-metrics-admin';
const deployed = { OPENAI_API_KEY: 'sk-check-metrics', HEIMDALL_ADMIN_TOKEN: ADMIN };
const { mf } = await serveBuiltWorker({ bindings: { ...deployed, HEIMDALL_OFFLINE_DEMO: '1' }, outboundService: openAIStandIn });
try {
  const chat = (stream) =>
    mf.dispatchFetch('http://gateway/v1/chat/completions', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'openai/gpt-4o-mini', stream, messages: [{ role: 'user', content: 'hi' }] }),
    });
  const sent = { json: 4, stream: 3 };
  const send = async () => {
    for (let i = 0; i < sent.json; i++) await (await chat(false)).text();
    for (let i = 0; i < sent.stream; i++) await (await chat(true)).text();
  };
  const scrape = async () => {
    const text = await (await mf.dispatchFetch('http://gateway/metrics')).text();
    const check = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
    if (check.error) throw new Error(`promtool not runnable (${check.error.message}); apt-get install prometheus`);
    if (check.status !== 0) throw new Error(`promtool check metrics failed:\n${check.stdout}${check.stderr}\n---\n${text}`);
    const total = (name) =>
      text
        .split('\n')
        .filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `))
        .reduce((n, l) => n + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
    return { text, total };
  };
  const expect = ({ text, total }, figures) => {
    for (const [name, expected] of Object.entries(figures)) if (total(name) !== expected) throw new Error(`${name} is ${total(name)}, expected ${expected}:\n${text}`);
  };
  const n = sent.json + sent.stream;

  const mocked = await chat(false);
  await mocked.text();
  if (mocked.headers.get('x-heimdall-answered-by') !== 'mocker') throw new Error(`the mocker's answer lacks x-heimdall-answered-by: mocker (${mocked.headers.get('x-heimdall-answered-by')})`);
  await send();
  expect(await scrape(), { http_requests_total: n + 1, bifrost_upstream_requests_total: 0, bifrost_cache_hits_total: 0 });

  const toggle = await mf.dispatchFetch('http://gateway/api/plugins/mocker/toggle', {
    method: 'PUT',
    headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ enabled: false }),
  });
  if (toggle.status !== 200) throw new Error(`turning the mocker off answered ${toggle.status}: ${await toggle.text()}`);
  await send();
  expect(await scrape(), { http_requests_total: 2 * n + 1, bifrost_upstream_requests_total: n, bifrost_success_requests_total: n, bifrost_error_requests_total: 0 });
  console.log(`check-metrics: promtool accepts /metrics; http_requests_total = ${2 * n + 1} as sent, bifrost_upstream_requests_total = ${n}: the provider's answers, not the mocker's (${sent.json} JSON, ${sent.stream} streamed each)`);
} finally {
  await mf.dispose();
}

// As deployed: the shipped config without the local variable never answers from the mocker.
const deploy = await serveBuiltWorker({ bindings: deployed, outboundService: openAIStandIn });
try {
  const health = await (await deploy.mf.dispatchFetch('http://gateway/health')).json();
  if (health.mocker !== 'off') throw new Error(`a deploy of the shipped config has the mocker ${health.mocker}: ${JSON.stringify(health)}`);
  const res = await deploy.mf.dispatchFetch('http://gateway/v1/chat/completions', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'hi' }] }),
  });
  const body = await res.json();
  const recorded = JSON.parse(recordedJson).choices[0].message.content;
  if (res.status !== 200 || body.choices?.[0]?.message?.content !== recorded || res.headers.has('x-heimdall-answered-by')) {
    throw new Error(`a deploy of the shipped config did not answer from the provider: ${res.status} ${JSON.stringify(body).slice(0, 300)}`);
  }
  console.log('check-metrics: a deploy of the shipped config (no HEIMDALL_OFFLINE_DEMO) calls the provider; /health says mocker: off');
} finally {
  await deploy.mf.dispose();
}
