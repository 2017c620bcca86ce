import type { IncomingMessage, ServerResponse } from 'node:http';
import { standInBody } from './stand-in-body';

// A stand-in for Maxim's log API (`POST /api/sdk/v3/log?id=<repo>`). It parses each body line by
// the commit-log grammar its SDKs write (`<entity>{id=<id>,action=<action>,data=<json object>}`),
// refuses (400) a body with any line that does not parse, and 401s a push without
// `x-maxim-api-key`. Accepted pushes are kept by repository for tests to read back.
// `/maxim-down/…` answers 500, `/maxim-hang/…` never answers.

export interface MaximPush {
  apiKey: string;
  contentType: string;
  logs: { entity: string; id: string; action: string; data: Record<string, unknown> }[];
}

const pushes = new Map<string, MaximPush[]>();

const ENTITIES = 'session|trace|span|generation|feedback|retrieval|tool_call|error|storage';
const LINE = new RegExp(`^(${ENTITIES})\\{id=([a-zA-Z0-9_-]+),action=([a-z-]+),data=(\\{.*\\})\\}$`);

const reply = (res: ServerResponse, status: number, body: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

function parseLine(line: string): MaximPush['logs'][number] | string {
  const m = LINE.exec(line);
  if (!m) return `not a commit log: ${line.slice(0, 80)}`;
  try {
    return { entity: m[1]!, id: m[2]!, action: m[3]!, data: JSON.parse(m[4]!) };
  } catch {
    return `data is not JSON: ${line.slice(0, 80)}`;
  }
}

export async function handleMaximApi(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const url = new URL(req.url ?? '/', 'http://stand-in');
  if (req.method === 'GET' && url.pathname.startsWith('/__maxim/')) {
    reply(res, 200, pushes.get(decodeURIComponent(url.pathname.slice('/__maxim/'.length))) ?? []);
    return true;
  }
  const raw = await standInBody(req, res, 'maxim');
  if (raw === undefined) return false;
  if (raw === 'answered') return true;
  const body = raw.toString('utf8');
  const repo = url.searchParams.get('id');
  const apiKey = req.headers['x-maxim-api-key'];
  const logs = body.endsWith('\n') ? body.slice(0, -1).split('\n').map(parseLine) : ['every commit log ends with a newline'];
  const refusal = logs.find((l) => typeof l === 'string');
  if (req.method !== 'POST' || url.pathname !== '/maxim/api/sdk/v3/log' || !repo) reply(res, 404, { error: `no route ${req.method} ${req.url}` });
  else if (typeof apiKey !== 'string' || apiKey === '') reply(res, 401, { error: 'missing x-maxim-api-key' });
  else if (refusal !== undefined) reply(res, 400, { error: refusal });
  else {
    const push: MaximPush = { apiKey, contentType: String(req.headers['content-type']), logs: logs as MaximPush['logs'] };
    pushes.set(repo, [...(pushes.get(repo) ?? []), push]);
    reply(res, 200, { data: {} });
  }
  return true;
}
