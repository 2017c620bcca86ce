import type { IncomingMessage, ServerResponse } from 'node:http';
import { standInBody } from './stand-in-body';
import { decode } from '@msgpack/msgpack';

// A stand-in Datadog Agent trace intake (`PUT /v0.4/traces`, msgpack). It decodes with
// @msgpack/msgpack, not with our writer's idea of the format, keeping 64-bit integers as BigInt, and
// refuses (400) spans the Agent's `pb.Span` decoder and normalizer would reject or repair: ids that
// are not non-zero unsigned 64-bit integers, non-integer times, non-string meta, non-number metrics;
// stricter than the Agent, it also refuses fields it does not know (the Agent skips them).
// Accepted payloads are kept by service name with 64-bit integers as decimal strings, so tests
// compare ids exactly. `/dd-agent-down/…` answers 500, `/dd-agent-hang/…` never answers.

export interface AgentPayload {
  headers: IncomingMessage['headers'];
  traces: Record<string, unknown>[][];
}

const payloads = new Map<string, AgentPayload[]>();

const SPAN_FIELDS = new Set(['trace_id', 'span_id', 'parent_id', 'name', 'resource', 'service', 'type', 'start', 'duration', 'error', 'meta', 'metrics']);
const UINT64_MAX = (1n << 64n) - 1n;

const isUint64 = (v: unknown) => (typeof v === 'bigint' && v >= 0n && v <= UINT64_MAX) || (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0);
const isInt64 = (v: unknown) => typeof v === 'bigint' || (typeof v === 'number' && Number.isSafeInteger(v));
const isMapOf = (v: unknown, type: 'string' | 'number') =>
  v !== null && typeof v === 'object' && !Array.isArray(v) && Object.values(v).every((x) => typeof x === type);

/** Why the Agent would refuse this span, or undefined. */
function refusal(span: unknown): string | undefined {
  if (span === null || typeof span !== 'object' || Array.isArray(span)) return 'a span is not a map';
  const s = span as Record<string, unknown>;
  const unknown = Object.keys(s).find((k) => !SPAN_FIELDS.has(k));
  if (unknown) return `unknown span field ${unknown}`;
  for (const id of ['trace_id', 'span_id', 'parent_id']) if (!isUint64(s[id])) return `${id} is not a uint64`;
  if (!s.trace_id || !s.span_id) return 'zero trace_id or span_id';
  for (const t of ['start', 'duration']) if (!isInt64(s[t])) return `${t} is not an int64`;
  if (s.error !== 0 && s.error !== 1) return 'error is not 0 or 1';
  for (const f of ['name', 'resource', 'service', 'type']) if (typeof s[f] !== 'string') return `${f} is not a string`;
  if (!isMapOf(s.meta, 'string')) return 'meta is not a string map';
  if (!isMapOf(s.metrics, 'number')) return 'metrics is not a number map';
  return undefined;
}

const reply = (res: ServerResponse, status: number, body: unknown) =>
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body, (_k, v) => (typeof v === 'bigint' ? v.toString() : v)));

export async function handleDatadogAgent(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const url = req.url ?? '';
  if (req.method === 'GET' && url.startsWith('/__datadog/')) {
    reply(res, 200, payloads.get(decodeURIComponent(url.slice('/__datadog/'.length))) ?? []);
    return true;
  }
  const body = await standInBody(req, res, 'dd-agent');
  if (body === undefined) return false;
  if (body === 'answered') return true;
  if (req.method !== 'PUT' || !url.endsWith('/v0.4/traces') || req.headers['content-type'] !== 'application/msgpack') {
    reply(res, 404, { error: `no intake for ${req.method} ${url} (${req.headers['content-type']})` });
    return true;
  }
  const traces = decode(body, { useBigInt64: true });
  const why = !Array.isArray(traces) || !traces.every(Array.isArray) ? 'the payload is not an array of traces' : traces.flat().map(refusal).find(Boolean);
  if (why) {
    reply(res, 400, { error: why });
    return true;
  }
  const spans = (traces as Record<string, unknown>[][]).flat();
  const service = String(spans[0]?.service ?? '');
  payloads.set(service, [...(payloads.get(service) ?? []), { headers: req.headers, traces: traces as Record<string, unknown>[][] }]);
  // v0.4 answers with the sampling rates per service; the gateway leaves sampling to the Agent.
  reply(res, 200, { rate_by_service: {} });
  return true;
}
