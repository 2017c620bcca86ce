// Many clients at once against the built Worker in one workerd isolate, where each request is its
// own I/O context: 32 keep-alive clients send JSON and streamed chat requests back to back for 3 s
// (longer than the plugin snapshot's 2 s refresh interval), with scrapes of /metrics among them.
// Every answer must be the upstream's text, whole, and /metrics must count every request.
// A request that continues on a promise another request's I/O resolved runs in that request's
// context and fails (a 500: "Cannot perform I/O on behalf of a different request", or cancelled as
// hung). The peer bench hit that in 68 of ~10,000 requests at c=32 (a shared snapshot refresh);
// this shorter run did not, so src/sequence/plugin-runtime.test.ts pins the rule itself.
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { serveBuiltWorker } from './serve-built-worker.mjs';

const FIXTURES = resolve(import.meta.dirname, '../../shared/fixtures/providers/openai');
const recordedJson = readFileSync(`${FIXTURES}/openai-text.json`, 'utf8');
const chunks = readFileSync(`${FIXTURES}/openai-text.chunks.txt`, 'utf8').split('\n').filter((l) => l.trim() !== '');
const recordedSse = chunks.map((l) => `data: ${l}\n\n`).join('') + 'data: [DONE]\n\n';
const jsonText = JSON.parse(recordedJson).choices[0].message.content;
const streamText = chunks.map((l) => JSON.parse(l).choices[0]?.delta?.content ?? '').join('');
const CLIENTS = 32;
const SECONDS = 3;

// OpenAI's chat endpoint as recorded, on a loopback port.
const upstream = http.createServer((req, res) => {
  let body = '';
  req.on('data', (d) => (body += d));
  req.on('end', () => {
    const stream = JSON.parse(body).stream === true;
    res.writeHead(200, { 'content-type': stream ? 'text/event-stream' : 'application/json' });
    res.end(stream ? recordedSse : recordedJson);
  });
});
await new Promise((ok) => upstream.listen(0, '127.0.0.1', ok));
// The shipped config (its built-ins, logging on, its plugin entries), pointed at the stand-in, the
// mocker off.
const config = JSON.parse(readFileSync(resolve(import.meta.dirname, '../config.json'), 'utf8'));
config.providers.openai.network_config = { base_url: `http://127.0.0.1:${upstream.address().port}/v1` };
for (const p of config.plugins) if (p.name === 'mocker') p.enabled = false;
const { mf, url } = await serveBuiltWorker({ main: 'test/clients/configured-gateway.ts', port: 0, bindings: { GATEWAY_CONFIG: JSON.stringify(config), OPENAI_API_KEY: 'sk-check-openai' } });
const agent = new http.Agent({ keepAlive: true, maxSockets: CLIENTS + 1 });
const send = (method, path, body) =>
  new Promise((ok, fail) => {
    const req = http.request(new URL(path, url), { method, agent, headers: body ? { 'content-type': 'application/json' } : {}, timeout: 15_000 }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (d) => (text += d));
      res.on('end', () => ok({ status: res.statusCode, text }));
    });
    req.on('timeout', () => req.destroy(new Error('no answer within 15 s')));
    req.on('error', fail);
    req.end(body);
  });
const streamed = (text) =>
  text
    .split('\n\n')
    .map((e) => e.slice(6))
    .filter((d) => d && d !== '[DONE]')
    .map((d) => JSON.parse(d).choices?.[0]?.delta?.content ?? '')
    .join('');
const chatCount = (text) =>
  text
    .split('\n')
    .filter((l) => l.startsWith('http_requests_total{') && l.includes('path="/v1/chat/completions"'))
    .reduce((n, l) => n + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);

try {
  const problems = [];
  let sent = 0;
  let scrapes = 0;
  const until = Date.now() + SECONDS * 1000;
  const client = async (i) => {
    for (let n = 0; Date.now() < until; n++) {
      const stream = (i + n) % 4 === 0;
      sent++;
      const res = await send('POST', '/v1/chat/completions', JSON.stringify({ model: 'openai/gpt-4.1-nano', stream, messages: [{ role: 'user', content: `hi ${i}.${n}` }] }));
      let got;
      try {
        got = stream ? streamed(res.text) : JSON.parse(res.text).choices?.[0]?.message?.content;
      } catch {
        got = undefined;
      }
      if (res.status !== 200 || got !== (stream ? streamText : jsonText)) problems.push(`${stream ? 'stream' : 'JSON'} ${res.status}: ${res.text.slice(0, 240)}`);
    }
  };
  const scraper = async () => {
    await new Promise((r) => setTimeout(r, 200));
    while (Date.now() < until) {
      const res = await send('GET', '/metrics');
      scrapes++;
      if (res.status !== 200 || !res.text.includes('# TYPE')) problems.push(`scrape ${res.status}: ${res.text.slice(0, 240)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  await Promise.all([...Array.from({ length: CLIENTS }, (_, i) => client(i)), scraper()]);
  if (problems.length) throw new Error(`${problems.length} of ${sent} requests and ${scrapes} scrapes went wrong; first: ${problems.slice(0, 3).join(' | ')}`);
  const counted = chatCount((await send('GET', '/metrics')).text);
  if (counted !== sent) throw new Error(`/metrics counted ${counted} of the ${sent} chat requests`);
  console.log(`check-concurrency: ${sent} requests from ${CLIENTS} concurrent clients in ${SECONDS} s (a quarter streamed) and ${scrapes} scrapes among them: every answer whole, every request counted`);
} finally {
  agent.destroy();
  upstream.close();
  await mf.dispose();
}
