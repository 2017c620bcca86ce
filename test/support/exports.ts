import { upstreamUrl } from './gateway';

// Vendor exports leave in waitUntil, after the response: these read back what the stand-ins in
// the mock upstream received, asking again (bounded) until `enough` says the export has arrived.

async function readUntil<T>(path: string, enough: (items: T[]) => boolean, what: string): Promise<T[]> {
  for (let i = 0; i < 200; i++) {
    const items = await (await fetch(`${upstreamUrl()}${path}`)).json<T[]>();
    if (enough(items)) return items;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`${what} never arrived`);
}

/** A span as the stand-in Agent decoded it: 64-bit integers as decimal strings. */
export type AgentSpan = Record<string, any> & { meta: Record<string, string>; metrics: Record<string, number> };
export interface AgentPayload {
  headers: Record<string, string>;
  traces: AgentSpan[][];
}

/** The payloads the stand-in Agent accepted for `service`, once they hold `traces` traces. */
export const agentPayloads = (service: string, traces = 1) =>
  readUntil<AgentPayload>(`/__datadog/${encodeURIComponent(service)}`, (p) => p.flatMap((x) => x.traces).length >= traces, `${traces} trace(s) for ${service}`);

export interface MaximLog {
  entity: string;
  id: string;
  action: string;
  data: Record<string, any>;
}
export interface MaximPush {
  apiKey: string;
  contentType: string;
  logs: MaximLog[];
}

/** The commit logs the stand-in Maxim API accepted for log repository `repo`, once it has `traces` trace ends. */
export async function maximLogs(repo: string, traces = 1): Promise<{ pushes: MaximPush[]; logs: MaximLog[] }> {
  const ends = (p: MaximPush[]) => p.flatMap((x) => x.logs).filter((l) => l.entity === 'trace' && l.action === 'end').length;
  const pushes = await readUntil<MaximPush>(`/__maxim/${encodeURIComponent(repo)}`, (p) => ends(p) >= traces, `${traces} trace(s) in Maxim repository ${repo}`);
  return { pushes, logs: pushes.flatMap((p) => p.logs) };
}
