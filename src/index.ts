import config from '../config.json';
import { bundledPlugins } from '../plugins';
import { createGateway } from './gateway';

export { UsageLedger } from '../plugins/governance/usage-ledger';
export { MetricsAggregator } from '../plugins/telemetry/metrics-aggregator';
export default createGateway({ config, plugins: bundledPlugins });
