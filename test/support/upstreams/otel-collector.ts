import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { standInBody } from './stand-in-body';

// A stand-in OTLP/HTTP collector. It decodes with OpenTelemetry's own generated protobuf schema
// (opentelemetry-proto, as shipped in @opentelemetry/otlp-transformer 0.57), not with our encoder's
// idea of it, and keeps each export by the resource's service.name for tests to read back.
// `/otel-down/…` answers 500 and `/otel-hang/…` never answers: collectors that must not hurt requests.

const require = createRequire(import.meta.url);
const { opentelemetry } = require('@opentelemetry/otlp-transformer/build/src/generated/root.js');
const ExportTraceServiceRequest = opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
const ExportMetricsServiceRequest = opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;

type Resource = { resource: { attributes: { key: string; value: Record<string, unknown> }[] } };
type Decoded = { resourceSpans?: Resource[]; resourceMetrics?: Resource[] } & Record<string, unknown>;

/** Keyed `traces/<service>` and `metrics/<service>`. */
const exports = new Map<string, { headers: IncomingMessage['headers']; request: Decoded }[]>();

export async function handleCollector(req: IncomingMessage, res: ServerResponse): Promise<boolean> {
  const url = req.url ?? '';
  // GET /__otel/<service> (traces) or /__otel/metrics/<service>.
  if (req.method === 'GET' && url.startsWith('/__otel/')) {
    const rest = decodeURIComponent(url.slice('/__otel/'.length));
    const key = rest.startsWith('metrics/') ? rest : `traces/${rest}`;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(exports.get(key) ?? []));
    return true;
  }
  const body = await standInBody(req, res, 'otel');
  if (body === undefined) return false;
  if (body === 'answered') return true;
  const signal = url.endsWith('/v1/metrics') ? 'metrics' : 'traces';
  const schema = signal === 'metrics' ? ExportMetricsServiceRequest : ExportTraceServiceRequest;
  // Hex ids and string longs, as OTLP/JSON writes them, so tests compare against what was sent.
  const request = schema.toObject(schema.decode(body), { longs: String, bytes: String, defaults: false }) as Decoded;
  for (const rs of (request.resourceSpans ?? []) as any[]) {
    for (const ss of rs.scopeSpans ?? []) {
      for (const s of ss.spans ?? []) {
        for (const id of ['traceId', 'spanId', 'parentSpanId']) if (s[id]) s[id] = Buffer.from(s[id], 'base64').toString('hex');
      }
    }
  }
  const resource = (request.resourceSpans ?? request.resourceMetrics ?? [])[0]?.resource;
  const key = `${signal}/${String(resource?.attributes.find((a) => a.key === 'service.name')?.value.stringValue ?? '')}`;
  exports.set(key, [...(exports.get(key) ?? []), { headers: req.headers, request }]);
  res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
  return true;
}
