import * as z from '../zod';

/**
 * A config schema as JSON Schema, the input side (what a person writes: defaults are optional).
 * Parts JSON Schema cannot state (transforms, custom checks) become `{}`: any value, which the zod
 * schema still checks when the config is saved.
 * Build time and tests only, never imported by the Worker: zod's JSON Schema generator is ~6.8 KB
 * gzip of the bundle. scripts/build-config-schemas.mjs runs it over every config schema the Worker
 * bundles; config-json-schema.ts serves what it wrote.
 */
export function generateConfigJsonSchema(schema: z.core.$ZodType): Record<string, unknown> {
  return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}
