import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { handleToolLoop } from './tool-loop';

// The scripted tool-loop model alone on a loopback port, whatever model a request names: the
// provider every target of scripts/check-agents.mjs points at. It keeps each request it answered;
// the check reads them with the scripted model's own reader.

export { readTurn, TOOL_RESULT_QUOTE } from './tool-loop';

export interface ToolLoopRequest {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  body: Record<string, unknown>;
}

const MAX_BODY = 8 * 1024 * 1024;

export async function startToolLoopServer(fixturesDir: string): Promise<{ url: string; requests: ToolLoopRequest[]; close: () => Promise<void> }> {
  const fixtures = (path: string) => readFileSync(join(fixturesDir, path), 'utf8');
  const requests: ToolLoopRequest[] = [];
  const server = createServer(async (req, res) => {
    let raw = '';
    for await (const part of req) {
      raw += part;
      if (raw.length > MAX_BODY) return void res.writeHead(413).end();
    }
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw || '{}') as Record<string, unknown>;
    } catch {
      return void res.writeHead(400, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: 'body is not JSON', type: 'invalid_request_error' } }));
    }
    requests.push({ path: req.url ?? '', headers: req.headers, body });
    handleToolLoop(req.url ?? '', body, res, fixtures);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
