// The Worker's bindings. Storage is optional in the type because the gateway also runs without it
// (the bench, embedded uses): then the config file alone decides which plugins run.
declare namespace Cloudflare {
  interface Env {
    DB?: D1Database;
    KV?: KVNamespace;
    /** The semantic cache's stored answers. */
    CACHE?: KVNamespace;
    /** The semantic cache's embeddings in production; D1 stands in where it is not bound. */
    VECTORIZE?: VectorizeIndex;
    /** Budget and rate-limit counters, one object per virtual key (governance). */
    USAGE?: DurableObjectNamespace<import('../plugins/governance/usage-ledger').UsageLedger>;
    /** The gateway-wide metrics aggregator (telemetry). */
    METRICS?: DurableObjectNamespace<import('../plugins/telemetry/metrics-aggregator').MetricsAggregator>;
    /** Bearer token for /api/*; set with `wrangler secret put HEIMDALL_ADMIN_TOKEN`. */
    HEIMDALL_ADMIN_TOKEN?: string;
    /** The maxim plugin's API base (default https://app.getmaxim.ai), as Maxim's SDKs name it. */
    MAXIM_BASE_URL?: string;
  }
}
