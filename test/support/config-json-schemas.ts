import { generateUnbuiltConfigJsonSchemasWith } from '../../src/config/config-json-schema';
import { generateConfigJsonSchema } from '../../src/config/generate-config-json-schema';

// A setup file (vitest.config.ts): the tests' own plugins and the example WASM plugins
// (examples/wasm/, never bundled) have config schemas no build converted; they get theirs from
// the build's own generator, so the API and the UI serve them as a deploy serves a bundled one's.
generateUnbuiltConfigJsonSchemasWith(generateConfigJsonSchema);
