// JSON Schema (what OpenAI clients send for tools and response_format) → the OpenAPI 3.0 subset
// Gemini's `Schema` accepts. Gemini answers 400 to keys it does not know (`additionalProperties`,
// `$schema`, …), so only known keys are kept; `$ref`s into `$defs` are inlined (cycles cut short).

type Json = Record<string, unknown>;

const KEPT = ['title', 'description', 'required', 'minItems', 'maxItems', 'minLength', 'maxLength', 'pattern', 'minimum', 'maximum', 'minProperties', 'maxProperties', 'default', 'example', 'propertyOrdering'];

// Gemini has rejected other string formats (`uri`, `email`, …) with a 400; they are only hints anyway.
const FORMATS = new Set(['enum', 'date-time', 'float', 'double', 'int32', 'int64']);

const isObject = (v: unknown): v is Json => v !== null && typeof v === 'object' && !Array.isArray(v);

const MAX_REF_DEPTH = 8;

/** `undefined` for a root object without properties: Gemini rejects an empty OBJECT there. */
export function toOpenApiSchema(schema: unknown): Json | undefined {
  if (!isObject(schema)) return undefined;
  const defs = { ...(isObject(schema.definitions) ? schema.definitions : {}), ...(isObject(schema.$defs) ? schema.$defs : {}) };
  const out = convert(schema, defs, 0);
  if (out.type === 'object' && (!isObject(out.properties) || Object.keys(out.properties).length === 0)) return undefined;
  return out;
}

function resolveRef(ref: string, defs: Json): Json {
  const name = ref.replace(/^#\/(\$defs|definitions)\//, '');
  const target = defs[name];
  return isObject(target) ? target : {};
}

function convert(schema: Json, defs: Json, depth: number): Json {
  if (typeof schema.$ref === 'string') {
    return depth >= MAX_REF_DEPTH ? { type: 'object' } : convert(resolveRef(schema.$ref, defs), defs, depth + 1);
  }
  const out: Json = {};
  for (const key of KEPT) if (schema[key] !== undefined) out[key] = schema[key];
  if (typeof schema.format === 'string' && FORMATS.has(schema.format)) out.format = schema.format;

  const sub = (s: unknown): Json => (isObject(s) ? convert(s, defs, depth) : {});
  const type = schema.type;
  if (Array.isArray(type)) {
    const types = type.filter((t): t is string => typeof t === 'string' && t !== 'null');
    if (types.length !== type.length) out.nullable = true;
    if (types.length === 1) out.type = types[0];
    else if (types.length > 1) out.anyOf = types.map((t) => ({ type: t }));
  } else if (typeof type === 'string') {
    out.type = type;
  }
  if (schema.nullable === true) out.nullable = true;
  if (Array.isArray(schema.enum)) {
    // Gemini enums are strings only.
    out.enum = schema.enum.filter((v) => v !== null).map(String);
    out.type ??= 'string';
  } else if (schema.const !== undefined && schema.const !== null) {
    out.enum = [String(schema.const)];
    out.type ??= 'string';
  }
  if (isObject(schema.properties)) {
    out.properties = Object.fromEntries(Object.entries(schema.properties).map(([k, v]) => [k, sub(v)]));
    out.type ??= 'object';
  }
  if (schema.items !== undefined) {
    out.items = Array.isArray(schema.items) ? sub(schema.items[0]) : sub(schema.items);
    out.type ??= 'array';
  }
  const union = Array.isArray(schema.anyOf) ? schema.anyOf : Array.isArray(schema.oneOf) ? schema.oneOf : undefined;
  if (union) {
    const variants = union.filter((v) => !(isObject(v) && v.type === 'null'));
    if (variants.length !== union.length) out.nullable = true;
    // A lone variant (the usual `anyOf: [X, null]`) is X itself; the outer keys (description) win.
    if (variants.length === 1) Object.assign(out, { ...sub(variants[0]), ...out });
    else if (variants.length > 1) out.anyOf = variants.map(sub);
  }
  if (Array.isArray(schema.allOf)) for (const part of schema.allOf) Object.assign(out, { ...sub(part), ...out });
  return out;
}
