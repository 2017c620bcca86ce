import * as z from '../zod';
import type { PluginDefinition } from '../pipeline/define-plugin';

/**
 * A plugin's config as JSON Schema, the input side (what a person writes: defaults are optional).
 * Parts JSON Schema cannot state (transforms, custom checks) become `{}`: any value, which the zod
 * schema still checks when the config is saved.
 */
export function configJsonSchema(definition: PluginDefinition): Record<string, unknown> {
  return z.toJSONSchema(definition.configSchema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
}
