import * as z from '../../src/zod';

// Bifrost's otel config keys. Two are refused with the reason, because a Worker cannot honour them:
// its fetch speaks HTTP/1.1 and HTTP/2 to origins but exposes no gRPC framing or trailers, and it
// always verifies TLS against the public roots (no custom CA, no skip).

const url = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL (OTLP/HTTP, e.g. http://collector:4318)' });

export const otelConfigSchema = z
  .strictObject({
    collector_url: url,
    trace_type: z.enum(['genai_extension', 'open_inference', 'vercel']),
    protocol: z.enum(['http', 'grpc']).check(
      z.refine((p) => p === 'http', {
        error:
          'protocol "grpc" cannot run on Cloudflare Workers (fetch has no gRPC framing or trailers); use "http" and the collector\'s OTLP/HTTP port (4318)',
      }),
    ),
    service_name: z._default(z.string().check(z.minLength(1)), 'bifrost'),
    /** Values may be `env.NAME` (resolved from Worker secrets). */
    headers: z._default(z.record(z.string(), z.string()), {}),
    insecure: z._default(z.boolean(), false),
    tls_ca_cert: z.optional(z.string()).check(
      z.refine((v) => v === undefined, {
        error: 'tls_ca_cert cannot be used on Cloudflare Workers: fetch verifies TLS against public roots only and reads no files; give the collector a publicly trusted certificate',
      }),
    ),
    metrics_enabled: z._default(z.boolean(), false),
    metrics_endpoint: z.optional(url),
    metrics_push_interval: z._default(z.number().check(z.positive()), 15),
  })
  .check(
    z.superRefine((c, ctx) => {
      // OTLP exporters read `insecure` as "plain HTTP": an http:// URL already is. What Workers
      // cannot do is the other meaning, skipping certificate checks on https.
      if (c.insecure && c.collector_url.startsWith('https:')) {
        ctx.addIssue({
          code: 'custom',
          path: ['insecure'],
          message: 'insecure: true with an https collector_url would skip TLS verification, which Cloudflare Workers cannot do; use an http:// URL for plain HTTP, or a trusted certificate',
        });
      }
    }),
  );

export type OtelConfig = z.output<typeof otelConfigSchema>;

/**
 * The OTLP/HTTP URL of a signal from `collector_url`: a base URL gets `/v1/<signal>` appended (as
 * OTEL_EXPORTER_OTLP_ENDPOINT is read); a URL that already names a signal path has it replaced.
 */
export function signalUrl(collectorUrl: string, signal: 'traces' | 'metrics'): string {
  const url = new URL(collectorUrl);
  url.pathname = `${url.pathname.replace(/\/v1\/(traces|metrics)\/?$/, '').replace(/\/+$/, '')}/v1/${signal}`;
  return url.toString();
}
