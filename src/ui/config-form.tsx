// A form for a plugin's config, generated from its JSON Schema (see config-json-schema.ts). Simple
// fields get their own input; anything nested (objects, lists of objects, unions) is edited as
// JSON in a textarea. The client script turns the fields back into an object by `name` and
// `data-kind`, and shows the API's 400s next to the field its `param` names.

type JsonSchema = Record<string, unknown>;

/** How the client script reads a field back. */
export type FieldKind = 'string' | 'number' | 'integer' | 'boolean' | 'lines' | 'json';

function kindOf(schema: JsonSchema): FieldKind {
  const type = schema.type;
  if (type === 'string' || (Array.isArray(schema.enum) && schema.enum.every((v) => typeof v === 'string'))) return 'string';
  if (type === 'number' || type === 'integer' || type === 'boolean') return type;
  const items = schema.items as JsonSchema | undefined;
  if (type === 'array' && items?.type === 'string') return 'lines';
  return 'json';
}

/** One field's state, for the inputs and for tests. */
export interface FieldSpec {
  name: string;
  label: string;
  kind: FieldKind;
  required: boolean;
  options?: string[] | undefined;
  description?: string | undefined;
  defaultValue?: unknown;
  value: unknown;
  /** What an empty field sends: nothing (the default applies), null (clears it), or an empty value. */
  empty?: 'omit' | 'null' | 'keep' | undefined;
}

/** The fields of `schema` filled with `config`; a schema that is not a plain object is one JSON field. */
export function configFields(schema: JsonSchema, config: unknown): FieldSpec[] {
  const properties = schema.properties as Record<string, JsonSchema> | undefined;
  if (schema.type !== 'object' || !properties) return [{ name: 'config', label: 'config', kind: 'json', required: true, value: config }];
  const required = new Set((schema.required as string[] | undefined) ?? []);
  const values = (config && typeof config === 'object' ? config : {}) as Record<string, unknown>;
  return Object.entries(properties).map(([key, property]) => ({
    name: `config.${key}`,
    label: key,
    kind: kindOf(property),
    required: required.has(key),
    options: Array.isArray(property.enum) ? (property.enum as string[]) : undefined,
    description: typeof property.description === 'string' ? property.description : undefined,
    defaultValue: property.default,
    value: values[key],
  }));
}

const asText = (kind: FieldKind, value: unknown): string => {
  if (value === undefined || value === null) return '';
  if (kind === 'lines' && Array.isArray(value)) return value.join('\n');
  if (kind === 'json') return JSON.stringify(value, null, 2);
  return String(value);
};

/** `scope` keeps ids unique when a page holds several forms with the same fields. */
export function Field({ field: f, scope = 'field' }: { field: FieldSpec; scope?: string }) {
  const id = `${scope}-${f.name}`.replace(/[^\w-]/g, '-');
  const errorId = `${id}-error`;
  const hint = [f.description, f.defaultValue !== undefined ? `default: ${JSON.stringify(f.defaultValue)}` : undefined, f.kind === 'lines' ? 'one per line' : f.kind === 'json' ? 'JSON' : undefined]
    .filter(Boolean)
    .join(' · ');
  const common = { id, name: f.name, 'data-kind': f.kind, 'data-empty': f.empty ?? 'omit', 'aria-describedby': errorId };
  let input;
  if (f.kind === 'boolean') {
    input = <input type="checkbox" {...common} checked={(f.value ?? f.defaultValue) === true} />;
  } else if (f.options) {
    input = (
      <select {...common}>
        {!f.required && <option value="">(default)</option>}
        {f.options.map((o) => (
          <option value={o} selected={f.value === o}>
            {o}
          </option>
        ))}
      </select>
    );
  } else if (f.kind === 'lines' || f.kind === 'json') {
    input = <textarea {...common} rows={f.kind === 'json' ? 6 : 3} spellcheck={false}>{asText(f.kind, f.value)}</textarea>;
  } else {
    const type = f.kind === 'string' ? 'text' : 'number';
    input = <input type={type} step={f.kind === 'integer' ? '1' : f.kind === 'number' ? 'any' : undefined} {...common} value={asText(f.kind, f.value)} required={f.required} />;
  }
  return (
    <div class={`field ${f.kind === 'boolean' ? 'check' : ''}`}>
      <label for={id}>
        {f.label}
        {f.required && <span aria-hidden="true"> *</span>}
      </label>
      {input}
      {hint && <small class="muted">{hint}</small>}
      <p class="field-error" id={errorId} data-error-for={f.name} role="alert" hidden></p>
    </div>
  );
}
