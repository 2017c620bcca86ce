import { bundledPlugins } from '../../plugins';
import { createGateway } from '../../src/gateway';

// The Worker scripts/check-agents.mjs and scripts/check-concurrency.mjs build and serve: the shipped
// gateway and plugins, with the config taken from the GATEWAY_CONFIG binding instead of config.json,
// so its providers can point at the check's upstream on a loopback port chosen at run time.

export { UsageLedger } from '../../plugins/governance/usage-ledger';
export { MetricsAggregator } from '../../plugins/telemetry/metrics-aggregator';

let gateway: ExportedHandler<Cloudflare.Env> | undefined;

export default {
  fetch(request, env, ctx) {
    gateway ??= createGateway({ config: JSON.parse((env as unknown as { GATEWAY_CONFIG: string }).GATEWAY_CONFIG), plugins: bundledPlugins });
    return gateway.fetch!(request, env, ctx);
  },
} satisfies ExportedHandler<Cloudflare.Env>;
