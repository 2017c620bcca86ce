// A local stand-in for OpenAI's chat completions endpoint, replaying recorded fixtures as fast as
// Node can: no sleeps, no per-chunk pacing. It is the floor every other target is measured against.
import { readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const FIXTURES_DIR = path.resolve(repoRoot, '..', 'shared', 'fixtures', 'providers', 'openai');

export function loadFixtures(dir = FIXTURES_DIR) {
  const json = readFileSync(path.join(dir, 'openai-text.json'), 'utf8');
  const lines = readFileSync(path.join(dir, 'openai-text.chunks.txt'), 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
  const sse = lines.map((l) => `data: ${l}\n\n`).join('') + 'data: [DONE]\n\n';
  // Re-serialise compactly so the body is what an API would send on the wire.
  return { json: Buffer.from(JSON.stringify(JSON.parse(json))), sse: Buffer.from(sse), chunkCount: lines.length };
}

/**
 * Starts the mock on 127.0.0.1 (ephemeral port unless one is given).
 * @returns {Promise<{ port: number, url: string, chunkCount: number, requests: () => number, close: () => Promise<void> }>}
 */
export async function startMockUpstream({ port = 0, fixturesDir = FIXTURES_DIR } = {}) {
  const fx = loadFixtures(fixturesDir);
  let served = 0;
  const server = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      // An OTLP collector for the otel targets: /otel-ok answers, /otel-down fails, /otel-hang never answers.
      if (req.url.startsWith('/otel-hang/')) return;
      if (req.url.startsWith('/otel-')) {
        res.writeHead(req.url.startsWith('/otel-ok/') ? 200 : 500).end();
        return;
      }
      if (req.method !== 'POST' || req.url.split('?')[0] !== '/v1/chat/completions') {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: `mock upstream: no route for ${req.method} ${req.url}`, type: 'invalid_request_error' } }));
        return;
      }
      let body;
      try {
        body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        res.writeHead(400, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: 'mock upstream: body is not JSON', type: 'invalid_request_error' } }));
        return;
      }
      served++;
      if (body && body.stream === true) {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
        res.end(fx.sse);
      } else {
        res.writeHead(200, { 'content-type': 'application/json', 'content-length': fx.json.length });
        res.end(fx.json);
      }
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  const actual = server.address().port;
  return {
    port: actual,
    url: `http://127.0.0.1:${actual}`,
    chunkCount: fx.chunkCount,
    requests: () => served,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections?.();
      }),
  };
}

// `node bench/mock-upstream.mjs [port]` serves it standalone until Ctrl-C (or SIGTERM). It prints one
// JSON line, {"url", "port", "chunkCount"}, once listening. With --exit-with-parent it also exits when
// its stdin closes, so a parent that dies (bench/run.mjs runs it this way) cannot leave it behind.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const portArg = args.find((a) => /^\d+$/.test(a));
  const m = await startMockUpstream({ port: Number(portArg ?? 0) });
  const stop = () => m.close().then(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  if (args.includes('--exit-with-parent')) {
    process.stdin.on('end', stop);
    process.stdin.on('error', stop);
    process.stdin.resume();
  }
  console.log(JSON.stringify({ url: m.url, port: m.port, chunkCount: m.chunkCount }));
}
