import config from '../config.json';
import { bundledPlugins } from '../plugins';
import { wasmBundle } from '../plugins/wasm-bundle.generated';
import { createGateway } from './gateway';

export { UsageLedger } from '../plugins/governance/usage-ledger';
export { MetricsAggregator } from '../plugins/telemetry/metrics-aggregator';
export default createGateway({ config, plugins: bundledPlugins, wasm: wasmBundle });
