import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import mocker from '../../plugins/mocker';
import { configJsonSchema } from '../config/config-json-schema';
import { definePlugin } from '../pipeline/define-plugin';
import { configFields } from './config-form';

const plugin = definePlugin({
  name: 'form-probe',
  configSchema: z.strictObject({
    label: z.string().min(1).describe('shown in the header'),
    retries: z.number().int().default(2),
    ratio: z.number().optional(),
    on: z.boolean().default(true),
    mode: z.enum(['fast', 'safe']).default('safe'),
    tags: z.array(z.string()).default([]),
    weights: z.array(z.number()).optional(),
    nested: z.object({ a: z.string() }).optional(),
  }),
  init: () => ({}),
});

describe('config form fields from a JSON Schema', () => {
  it('gives each property the input its type needs, filled with the stored value', () => {
    const fields = configFields(configJsonSchema(plugin), { label: 'x', tags: ['a', 'b'] });
    expect(fields.map((f) => [f.name, f.kind, f.required])).toEqual([
      ['config.label', 'string', true],
      ['config.retries', 'integer', false],
      ['config.ratio', 'number', false],
      ['config.on', 'boolean', false],
      ['config.mode', 'string', false],
      ['config.tags', 'lines', false],
      ['config.weights', 'json', false],
      ['config.nested', 'json', false],
    ]);
    const byName = Object.fromEntries(fields.map((f) => [f.name, f]));
    expect(byName['config.label']).toMatchObject({ value: 'x', description: 'shown in the header' });
    expect(byName['config.mode']).toMatchObject({ options: ['fast', 'safe'], defaultValue: 'safe' });
    expect(byName['config.tags']!.value).toEqual(['a', 'b']);
  });

  it("reads a bundled plugin's schema, and falls back to one JSON field for a schema that is not an object", () => {
    expect(configFields(configJsonSchema(mocker), {}).map((f) => f.name)).toEqual(['config.enabled', 'config.requires_env', 'config.default_behavior', 'config.global_latency', 'config.rules']);
    expect(configFields({ type: 'array' }, [1])).toEqual([{ name: 'config', label: 'config', kind: 'json', required: true, value: [1] }]);
  });
});
