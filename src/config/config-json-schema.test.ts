import { describe, expect, it } from 'vitest';
import { configJsonSchemas } from '../../plugins/config-schemas.generated';
import { bundledPlugins } from '../../plugins';
import { anyJsonConfig } from '../wasm/wasm-plugin';
import { generateConfigJsonSchema } from './generate-config-json-schema';

// The tests' setup file lets config-json-schema.ts generate what the build did not; this reads the
// build's own output, which is all a deploy has.
describe('the JSON Schemas the build wrote', () => {
  it("hold every bundled plugin's config and the WASM default, as the generator makes them", () => {
    const generated = configJsonSchemas();
    for (const schema of [anyJsonConfig, ...bundledPlugins.map((d) => d.configSchema)]) {
      expect(generated.get(schema)).toEqual(generateConfigJsonSchema(schema));
    }
    expect(generated.size).toBe(new Set([anyJsonConfig, ...bundledPlugins.map((d) => d.configSchema)]).size);
  });
});
