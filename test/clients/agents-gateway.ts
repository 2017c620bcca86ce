import { bundledPlugins } from '../../plugins';
import { createGateway } from '../../src/gateway';

// The Worker scripts/check-agents.mjs builds and serves: the shipped gateway and plugins, with the
// config taken from the AGENTS_CHECK_CONFIG binding instead of config.json, so its providers can
// point at the check's scripted upstream on a loopback port chosen at run time.

export { UsageLedger } from '../../plugins/governance/usage-ledger';
export { MetricsAggregator } from '../../plugins/telemetry/metrics-aggregator';

let gateway: ExportedHandler<Cloudflare.Env> | undefined;

export default {
  fetch(request, env, ctx) {
    gateway ??= createGateway({ config: JSON.parse((env as unknown as { AGENTS_CHECK_CONFIG: string }).AGENTS_CHECK_CONFIG), plugins: bundledPlugins });
    return gateway.fetch!(request, env, ctx);
  },
} satisfies ExportedHandler<Cloudflare.Env>;
