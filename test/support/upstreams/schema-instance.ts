// The smallest JSON value a JSON Schema accepts, for a scripted model answering a tool call or a
// structured-output request: objects get only their `required` properties, enums their first value,
// strings a word, numbers their minimum or 1, arrays `minItems` items.

type Schema = Record<string, unknown>;

const MAX_DEPTH = 16;

function resolveRef(ref: string, root: Schema): Schema {
  // Local refs only (`#/$defs/X`, `#/definitions/X`), as zod, pydantic and the SDKs emit them.
  let node: unknown = root;
  for (const key of ref.replace(/^#\/?/, '').split('/').filter(Boolean)) node = (node as Schema | undefined)?.[decodeURIComponent(key)];
  return (node ?? {}) as Schema;
}

export function schemaInstance(schema: unknown, root: unknown = schema, depth = 0): unknown {
  if (depth > MAX_DEPTH || typeof schema !== 'object' || schema === null) return null;
  const s = schema as Schema;
  if (typeof s.$ref === 'string') return schemaInstance(resolveRef(s.$ref, root as Schema), root, depth + 1);
  if ('const' in s) return s.const;
  if (Array.isArray(s.enum) && s.enum.length > 0) return s.enum[0];
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const) {
    const options = s[key];
    if (Array.isArray(options) && options.length > 0) {
      const first = options.find((o) => (o as Schema).type !== 'null') ?? options[0];
      return schemaInstance(first, root, depth + 1);
    }
  }
  const type = Array.isArray(s.type) ? (s.type.find((t) => t !== 'null') ?? 'null') : s.type;
  switch (type) {
    case 'string':
      return 'heimdall'.padEnd(typeof s.minLength === 'number' ? s.minLength : 0, '!');
    case 'integer':
    case 'number':
      return typeof s.minimum === 'number' ? s.minimum : typeof s.exclusiveMinimum === 'number' ? s.exclusiveMinimum + 1 : 1;
    case 'boolean':
      return true;
    case 'null':
      return null;
    case 'array': {
      const n = typeof s.minItems === 'number' ? s.minItems : 0;
      return Array.from({ length: n }, () => schemaInstance(s.items, root, depth + 1));
    }
    default: {
      const properties = (s.properties ?? {}) as Record<string, unknown>;
      const required = Array.isArray(s.required) ? (s.required as string[]) : [];
      return Object.fromEntries(required.map((name) => [name, schemaInstance(properties[name] ?? {}, root, depth + 1)]));
    }
  }
}
