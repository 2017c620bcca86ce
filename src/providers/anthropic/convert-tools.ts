import * as z from '../../zod';
import { GatewayError } from '../../errors/gateway-error';

// The client's OpenAI `tools` / `tool_choice`, read at the edge where they become Anthropic's.

const functionTool = z.looseObject({
  type: z.optional(z.literal('function')),
  function: z.looseObject({
    name: z.string(),
    description: z.optional(z.string()),
    parameters: z.optional(z.record(z.string(), z.unknown())),
    strict: z.nullish(z.boolean()),
  }),
  strict: z.nullish(z.boolean()),
  cache_control: z.optional(z.unknown()),
});

const toolChoice = z.union([
  z.enum(['auto', 'required', 'none']),
  z.looseObject({ type: z.optional(z.literal('function')), function: z.looseObject({ name: z.string() }) }),
]);

/**
 * OpenAI function tools → `{name, description, input_schema}`; a tool without `function` is taken as
 * Anthropic-native. `strictTools` says whether the model has strict tool use (structured outputs).
 */
export function toAnthropicTools(tools: unknown, strictTools: boolean): Record<string, unknown>[] | undefined {
  if (tools == null) return undefined;
  if (!Array.isArray(tools)) throw GatewayError.invalidRequest('tools must be an array', null, 'tools');
  return tools.map((tool: unknown, i) => {
    if (typeof tool === 'object' && tool !== null && !('function' in tool)) return tool as Record<string, unknown>;
    const parsed = functionTool.safeParse(tool);
    if (!parsed.success) throw GatewayError.invalidRequest(`tools[${i}] is not a function tool`, null, `tools[${i}]`);
    const fn = parsed.data.function;
    // `strict` (OpenAI's and Anthropic's word for schema-checked tool input) and a `cache_control`
    // breakpoint (LiteLLM's convention on OpenAI tools) carry over as Anthropic spells them.
    const strict = (fn.strict ?? parsed.data.strict) === true;
    if (strict && !strictTools) throw GatewayError.invalidRequest(`tools[${i}].function.strict is not supported by provider anthropic for this model (it has no strict tool use)`, 'unsupported_parameter', `tools[${i}].function.strict`);
    return {
      name: fn.name,
      ...(fn.description ? { description: fn.description } : {}),
      // Anthropic requires a schema; OpenAI allows leaving it out for a tool without arguments.
      input_schema: fn.parameters ?? { type: 'object', properties: {} },
      ...(strict ? { strict } : {}),
      ...(parsed.data.cache_control !== undefined ? { cache_control: parsed.data.cache_control } : {}),
    };
  });
}

/** `auto`/`required`/`none`/named function → Anthropic's `{type: auto|any|none|tool}`. */
export function toAnthropicToolChoice(choice: unknown, parallelToolCalls: unknown): Record<string, unknown> | undefined {
  const disableParallel = parallelToolCalls === false ? { disable_parallel_tool_use: true } : {};
  if (choice == null) return parallelToolCalls === false ? { type: 'auto', ...disableParallel } : undefined;
  const parsed = toolChoice.safeParse(choice);
  if (!parsed.success) throw GatewayError.invalidRequest('tool_choice must be "auto", "required", "none" or a named function', null, 'tool_choice');
  const value = parsed.data;
  if (value === 'none') return { type: 'none' };
  if (value === 'auto') return { type: 'auto', ...disableParallel };
  if (value === 'required') return { type: 'any', ...disableParallel };
  return { type: 'tool', name: value.function.name, ...disableParallel };
}
