import * as z from '../../zod';
import { GatewayError } from '../../errors/gateway-error';
import type { ChatRequest } from '../../types/chat';
import { claudeCapabilities } from './model-capabilities';
import { unsupported } from './request-params';

// The canonical `response_format` on Anthropic. A JSON schema goes to Anthropic's structured outputs
// (`output_config.format`, GA without a beta header) on the models that have them. Elsewhere, and for
// `json_object`, the answer is asked for as the input of one forced tool, which the translators turn
// back into the message's text with finish reason stop: a tool's input is always a JSON object
// (open, `{type: "object"}`, for json_object; Anthropic's native format needs a closed schema, so
// json_object cannot use it), which is exactly what json_object promises.

const responseFormat = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('text') }),
  z.looseObject({ type: z.literal('json_object') }),
  z.looseObject({
    type: z.literal('json_schema'),
    json_schema: z.looseObject({ name: z.optional(z.string()), description: z.optional(z.string()), schema: z.optional(z.record(z.string(), z.unknown())) }),
  }),
]);

export type StructuredOutput =
  | { kind: 'native'; format: { type: 'json_schema'; schema: Record<string, unknown> } }
  | { kind: 'tool'; tool: { name: string; description: string; input_schema: Record<string, unknown> } };

/** How `params.response_format` is asked of this model; undefined for none (or `text`). */
export function structuredOutputOf(req: ChatRequest): StructuredOutput | undefined {
  const raw = req.params.response_format;
  if (raw == null) return undefined;
  const parsed = responseFormat.safeParse(raw);
  if (!parsed.success) throw GatewayError.invalidRequest('response_format must be {type: "text"}, {type: "json_object"} or {type: "json_schema", json_schema: {name, schema}}', 'invalid_value', 'response_format');
  const format = parsed.data;
  if (format.type === 'text') return undefined;
  if (format.type === 'json_object') return { kind: 'tool', tool: { name: 'json', description: 'Respond with a JSON object.', input_schema: { type: 'object' } } };
  const schema = format.json_schema.schema ?? { type: 'object' };
  if (claudeCapabilities(req.model).structuredOutput) return { kind: 'native', format: { type: 'json_schema', schema } };
  // A tool's input is an object: a schema for anything else cannot be a tool's.
  if (schema.type !== undefined && schema.type !== 'object') throw unsupported('response_format', ` for model ${req.model} with a non-object schema (it has no native structured outputs, and a tool's input is an object)`);
  const name = /^[a-zA-Z0-9_-]{1,64}$/.test(format.json_schema.name ?? '') ? format.json_schema.name! : 'json';
  return { kind: 'tool', tool: { name, description: format.json_schema.description ?? 'Respond with a JSON object.', input_schema: schema } };
}

/**
 * The forced tool joined to the client's tools, and the tool choice that makes the model answer
 * with it: forced outright, or `any` when the client's own tools may be called instead (that turn
 * then ends in tool calls as usual). Anthropic refuses a forced tool with extended thinking, and a
 * named tool choice cannot be honoured together with the forced answer: both are 400s here.
 */
export function withAnswerTool(
  tool: Extract<StructuredOutput, { kind: 'tool' }>['tool'],
  tools: Record<string, unknown>[] | undefined,
  toolChoice: Record<string, unknown> | undefined,
  thinking: Record<string, unknown> | undefined,
): { tools: Record<string, unknown>[]; tool_choice: Record<string, unknown> } {
  if (thinking && thinking.type !== 'disabled') throw unsupported('response_format', ' together with reasoning on this model: it needs a forced tool, which Anthropic refuses with extended thinking');
  if (tools?.some((t) => t.name === tool.name)) throw unsupported('response_format', ` when a tool is named "${tool.name}" too`);
  const choice = toolChoice?.type;
  if (choice === 'tool') throw unsupported('response_format', ' with a named tool_choice on this model (the answer is itself a forced tool)');
  const own = choice === 'none' ? [] : (tools ?? []);
  if (own.length === 0) return { tools: [tool], tool_choice: { type: 'tool', name: tool.name, disable_parallel_tool_use: true } };
  return { tools: [...own, tool], tool_choice: { type: 'any', ...(toolChoice?.disable_parallel_tool_use ? { disable_parallel_tool_use: true } : {}) } };
}
