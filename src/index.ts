import config from '../config.json';
import { bundledPlugins } from '../plugins';
import { createGateway } from './gateway';

export { UsageLedger } from './governance/usage-ledger';
export { MetricsAggregator } from './telemetry/metrics-aggregator';
export default createGateway({ config, plugins: bundledPlugins });
