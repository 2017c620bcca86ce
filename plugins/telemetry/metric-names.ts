// Bifrost's metric names, so dashboards built for it work unchanged.
export const METRIC_HELP: Readonly<Record<string, string>> = {
  http_requests_total: 'HTTP requests answered by the gateway',
  http_request_duration_seconds: 'Time from request to response (to the end of the stream for streams)',
  bifrost_upstream_requests_total: 'Attempts sent to providers (primary and fallbacks)',
  bifrost_upstream_latency_seconds: 'Time from an attempt to its provider response',
  bifrost_success_requests_total: 'Attempts that ended in a response',
  bifrost_error_requests_total: 'Attempts that ended in an error',
  bifrost_input_tokens_total: 'Prompt tokens reported by providers',
  bifrost_output_tokens_total: 'Completion tokens reported by providers',
  bifrost_cost_total: 'List-price cost in USD of the tokens used',
  bifrost_cache_hits_total: 'Responses served from the semantic cache',
  bifrost_stream_first_token_latency_seconds: 'Time from an attempt to its first streamed token',
  bifrost_stream_inter_token_latency_seconds: 'Time between streamed tokens',
  heimdall_plugin_failures_total: 'Plugin hooks that threw or overran their budget (isolated)',
  heimdall_export_dropped_total: 'Trace items a vendor exporter dropped: buffer full while its backend was slow, or a failed send',
};
