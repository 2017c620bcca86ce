import type { WasmBundle } from '../../src/wasm/bundle';
import asSchema from '../../examples/wasm/hello-wasm-as/config-schema';
import asModule from '../../examples/wasm/hello-wasm-as/plugin.wasm';
import rustSchema from '../../examples/wasm/hello-wasm-rust/config-schema';
import rustModule from '../../examples/wasm/hello-wasm-rust/plugin.wasm';

// The example WASM plugins (examples/wasm/, built from source by scripts/build-wasm.mjs, never in
// the deploy bundle), as the build bundles one a user copied into plugins/: at the path it has
// there, with its folder's config schema. The tests that run them bring this in themselves.
export const exampleWasm: WasmBundle = [
  { path: 'plugins/hello-wasm-as/plugin.wasm', module: asModule, configSchema: asSchema },
  { path: 'plugins/hello-wasm-rust/plugin.wasm', module: rustModule, configSchema: rustSchema },
];
