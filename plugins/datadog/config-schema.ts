import * as z from '../../src/zod';
import { agentTracesUrl } from './agent-url';

// Bifrost's datadog config, field for field (shared/seeds 004). `agent_addr` and `custom_tags`
// values may be `env.NAME`; such an address is checked when the plugin starts, once resolved.

/** Datadog's unified service tags: set by their own fields, so a custom tag cannot contradict them. */
const UNIFIED = { service: 'service_name', env: 'env', version: 'version' } as const;

/** Fields of Bifrost's enterprise plugin that a Worker cannot honour, refused with the reason. */
const UNSUPPORTED: Record<string, string> = {
  agentless: 'agentless mode is not supported: traces go to the Datadog Agent at agent_addr',
  api_key: 'agentless mode is not supported: traces go to the Datadog Agent at agent_addr',
  site: 'agentless mode is not supported: traces go to the Datadog Agent at agent_addr',
  agent_host: 'give the Agent as agent_addr ("host:port" or a URL)',
  agent_port: 'give the Agent as agent_addr ("host:port" or a URL)',
  enable_metrics: 'metrics are not sent to Datadog (a Worker cannot send DogStatsD over UDP); scrape GET /metrics instead',
  dogstatsd_addr: 'metrics are not sent to Datadog (a Worker cannot send DogStatsD over UDP); scrape GET /metrics instead',
  enable_llm_obs: 'LLM Observability is not sent (it needs Datadog\'s API intake and key); LLM facts travel as gen_ai.* tags on APM spans',
  ml_app: 'LLM Observability is not sent (it needs Datadog\'s API intake and key); LLM facts travel as gen_ai.* tags on APM spans',
};

const shape = {
  agent_addr: z._default(z.string(), 'localhost:8126').check(
    z.superRefine((addr, ctx) => {
      const url = addr.startsWith('env.') ? undefined : agentTracesUrl(addr);
      if (url instanceof Error) ctx.addIssue({ code: 'custom', message: url.message });
    }),
  ),
  service_name: z._default(z.string().check(z.minLength(1), z.maxLength(100)), 'bifrost'),
  env: z.optional(z.string().check(z.minLength(1))),
  version: z.optional(z.string().check(z.minLength(1))),
  enable_traces: z._default(z.boolean(), true),
  custom_tags: z._default(z.record(z.string().check(z.minLength(1)), z.string()), {}).check(
    z.superRefine((tags, ctx) => {
      for (const [tag, field] of Object.entries(UNIFIED)) {
        if (tag in tags) ctx.addIssue({ code: 'custom', path: [tag], message: `"${tag}" is a unified service tag: set it with the "${field}" field` });
      }
    }),
  ),
};

export const configSchema = z.looseObject(shape).check(z.superRefine((config, ctx) => {
  for (const key of Object.keys(config)) {
    if (key in shape) continue;
    ctx.addIssue({ code: 'custom', path: [key], message: UNSUPPORTED[key] ?? `unknown field (known: ${Object.keys(shape).join(', ')})` });
  }
}));

export type DatadogConfig = z.output<typeof configSchema>;
