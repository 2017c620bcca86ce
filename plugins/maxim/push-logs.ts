import { exportFetch } from '../../src/tracing/export-batcher';
import { type CommitLog, serializeCommitLog } from './commit-log';

// Maxim's log push, as its SDKs call it: `POST <base>/api/sdk/v3/log?id=<log repository>`,
// `Content-Type: text/plain`, the API key in `x-maxim-api-key`, the body one commit log per line.
// Like maxim-js, bodies are cut at 5 MiB (counted in characters, as it counts).

export interface RepoLogs {
  repo: string;
  /** Serialized when sent, in waitUntil, rather than while the response is being finished. */
  logs: CommitLog[];
}

const MAX_BODY = 5 * 1024 * 1024;

export async function pushLogs(baseUrl: string, apiKey: string, batch: readonly RepoLogs[], timeoutMs: number): Promise<void> {
  const byRepo = new Map<string, string[]>();
  for (const { repo, logs } of batch) byRepo.set(repo, [...(byRepo.get(repo) ?? []), ...logs.map(serializeCommitLog)]);
  const sends = [...byRepo].flatMap(([repo, lines]) =>
    bodies(lines).map((body) =>
      exportFetch(`${baseUrl}/api/sdk/v3/log?id=${encodeURIComponent(repo)}`, { method: 'POST', headers: { 'content-type': 'text/plain', 'x-maxim-api-key': apiKey }, body }, timeoutMs),
    ),
  );
  await Promise.all(sends);
}

function bodies(lines: readonly string[]): string[] {
  const out: string[] = [];
  let body = '';
  for (const line of lines) {
    if (body.length > 0 && body.length + line.length + 1 > MAX_BODY) {
      out.push(body);
      body = '';
    }
    body += `${line}\n`;
  }
  if (body) out.push(body);
  return out;
}
