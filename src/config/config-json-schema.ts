import type * as z from '../zod';
import { configJsonSchemas } from '../../plugins/config-schemas.generated';
import type { PluginDefinition } from '../pipeline/define-plugin';

type JsonSchema = Record<string, unknown>;

// Written at build time (scripts/build-config-schemas.mjs, by generate-config-json-schema.ts) for
// every config schema the Worker bundles, so zod's JSON Schema generator stays out of the bundle.
// Keyed by the schema itself (a WASM plugin is named by its config entry, not its folder). Made on
// first use: the generated module imports the plugins, which may still be loading when this one is.
let generated: ReadonlyMap<z.core.$ZodType, JsonSchema> | undefined;
let generator: ((schema: z.core.$ZodType) => JsonSchema) | undefined;

/**
 * A plugin's config as JSON Schema, the input side (what a person writes: defaults are optional),
 * for the web UI's config form. A schema no build saw (only a test's own plugin can have one) is
 * `{}`, any value (the form's one JSON field), unless a generator was installed for them.
 */
export function configJsonSchema(definition: PluginDefinition): JsonSchema {
  generated ??= configJsonSchemas();
  return generated.get(definition.configSchema) ?? generator?.(definition.configSchema) ?? {};
}

/** Tests install generate-config-json-schema.ts here for their own plugins (test/support/config-json-schemas.ts). */
export function generateUnbuiltConfigJsonSchemasWith(generate: (schema: z.core.$ZodType) => JsonSchema): void {
  generator = generate;
}
