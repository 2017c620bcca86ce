import * as z from '../../zod';
import { GatewayError } from '../../errors/gateway-error';
import type { ChatMessage, ModelTarget, ReasoningConfig } from '../../types/chat';
import { parseModelTarget } from '../openai/chat-request';
import { parseBody } from '../parse-body';
import { inputMessages, inputSchema } from './input-items';
import { mapToolChoice, mapTools, toolChoiceSchema, toolsSchema } from './responses-tools';

// OpenAI's Responses API request (`POST /v1/responses`, and `/v1/responses/input_tokens`) read into
// canonical terms. The body is a strict object: a field this endpoint does not know is a 400 naming
// it, since it cannot be passed on to a chat upstream the way the chat dialect passes its extras.

const effort = z.enum(['none', 'minimal', 'low', 'medium', 'high', 'xhigh']);
const summary = z.enum(['auto', 'concise', 'detailed']);
const textFormat = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('text') }),
  z.looseObject({ type: z.literal('json_object') }),
  z.looseObject({
    type: z.literal('json_schema'),
    name: z.string().check(z.minLength(1), z.maxLength(64)),
    schema: z.record(z.string(), z.unknown()),
    description: z.nullish(z.string()),
    strict: z.nullish(z.boolean()),
  }),
]);

const responsesBody = z.strictObject({
  model: z.string().check(z.minLength(1), z.maxLength(256)),
  input: z.optional(inputSchema),
  instructions: z.nullish(z.string().check(z.maxLength(10_000_000))),
  tools: z.nullish(toolsSchema),
  tool_choice: z.nullish(toolChoiceSchema),
  text: z.nullish(z.looseObject({ format: z.nullish(textFormat), verbosity: z.nullish(z.enum(['low', 'medium', 'high'])) })),
  reasoning: z.nullish(z.looseObject({ effort: z.nullish(effort), summary: z.nullish(summary), generate_summary: z.nullish(summary) })),
  max_output_tokens: z.nullish(z.number().check(z.int(), z.positive())),
  temperature: z.nullish(z.number().check(z.gte(0), z.lte(2))),
  top_p: z.nullish(z.number().check(z.gte(0), z.lte(1))),
  metadata: z.nullish(z.record(z.string().check(z.maxLength(64)), z.string().check(z.maxLength(512))).check(z.refine((m) => Object.keys(m).length <= 16, 'at most 16 keys'))),
  parallel_tool_calls: z.nullish(z.boolean()),
  user: z.nullish(z.string().check(z.maxLength(256))),
  safety_identifier: z.nullish(z.string().check(z.maxLength(256))),
  service_tier: z.nullish(z.enum(['auto', 'default', 'flex', 'scale', 'priority'])),
  stream: z.nullish(z.boolean()),
  store: z.nullish(z.boolean()),
  previous_response_id: z.nullish(z.string().check(z.minLength(1), z.maxLength(256))),
  include: z.nullish(z.array(z.string().check(z.maxLength(128))).check(z.maxLength(32))),
  background: z.nullish(z.boolean()),
  top_logprobs: z.nullish(z.number().check(z.int(), z.gte(0), z.lte(20))),
  // Accepted, and meaningless to a chat-completions upstream, so dropped here on purpose:
  // - prompt_cache_key, prompt_cache_retention: OpenAI's prompt-cache routing hints (Codex sends a key per session);
  // - client_metadata: Codex's own bookkeeping for OpenAI's backend;
  // - include: read for `reasoning.encrypted_content` (reasoning items then carry it); nothing to send upstream;
  // - truncation: what OpenAI does when a stored conversation outgrows the context window (echoed; a chat upstream errors instead);
  // - stream_options.include_obfuscation: padding OpenAI adds to stream deltas;
  // - max_tool_calls: bounds calls to hosted tools, of which a chat upstream makes none.
  // And `metadata` (above) is not sent upstream: it annotates the response object, which keeps and
  // echoes it; OpenAI's chat completions refuse `metadata` unless they store the completion themselves.
  prompt_cache_key: z.nullish(z.string().check(z.maxLength(1024))),
  prompt_cache_retention: z.nullish(z.string().check(z.maxLength(32))),
  client_metadata: z.nullish(z.record(z.string(), z.unknown())),
  truncation: z.nullish(z.enum(['auto', 'disabled'])),
  stream_options: z.nullish(z.looseObject({ include_obfuscation: z.optional(z.boolean()) })),
  max_tool_calls: z.nullish(z.number().check(z.int(), z.positive())),
  // Heimdall's own: models tried in order when the attempt before fails.
  fallbacks: z.optional(z.array(z.string().check(z.minLength(1))).check(z.maxLength(16))),
});

/** What the body asks, in canonical terms, with what the response must echo and the previous response it continues. */
export interface ParsedResponsesRequest extends ModelTarget {
  fallbacks: ModelTarget[];
  /** `instructions` as a system message: it leads this turn and, as at OpenAI, is not carried into a follow-up. */
  instructions: ChatMessage[];
  /** The new input, as messages; a previous response's conversation goes between the two. */
  input: ChatMessage[];
  params: Record<string, unknown>;
  reasoning?: ReasoningConfig;
  stream: boolean;
  store: boolean;
  previousResponseId: string | undefined;
  /** The client asked for `reasoning.encrypted_content` in reasoning items. */
  includeEncrypted: boolean;
  droppedTools: string[];
  /** Function tools that came in a namespace, by name → the namespace. */
  namespaces: Record<string, string>;
  /** The request settings the response object echoes (the SDKs read them back). */
  echo: Record<string, unknown>;
}

const unsupported = (param: string, why: string) => GatewayError.invalidRequest(`${param} is not supported: ${why}`, 'unsupported_parameter', param);

export function parseResponsesBody(raw: unknown, knownProviders: ReadonlySet<string>, dropHostedTools: boolean): ParsedResponsesRequest {
  const b = parseBody(responsesBody, raw);
  if (b.background) throw unsupported('background', 'Heimdall answers while the request is open; it does not run responses in the background');
  if (b.top_logprobs) throw unsupported('top_logprobs', 'the gateway carries no log probabilities back to the client');

  const params: Record<string, unknown> = {};
  const set = (key: string, value: unknown) => {
    if (value !== undefined && value !== null) params[key] = value;
  };
  set('max_tokens', b.max_output_tokens);
  set('temperature', b.temperature);
  set('top_p', b.top_p);
  set('user', b.user);
  set('safety_identifier', b.safety_identifier);
  set('service_tier', b.service_tier);
  set('verbosity', b.text?.verbosity);

  const tools = mapTools(b.tools ?? [], dropHostedTools);
  if (tools.chat.length > 0) {
    params.tools = tools.chat;
    // Only beside tools: OpenAI's chat completions refuse parallel_tool_calls without them.
    set('parallel_tool_calls', b.parallel_tool_calls);
  }
  if (b.tool_choice != null) {
    const choice = mapToolChoice(b.tool_choice);
    // `auto` and `none` mean nothing without tools (and OpenAI refuses tool_choice alone); asking for a call does.
    if (tools.chat.length > 0) params.tool_choice = choice;
    else if (choice !== 'auto' && choice !== 'none') throw GatewayError.invalidRequest('tool_choice asks for a tool call, but the request has no function tools', 'invalid_value', 'tool_choice');
  }

  const format = b.text?.format;
  if (format?.type === 'json_object') params.response_format = { type: 'json_object' };
  if (format?.type === 'json_schema') {
    params.response_format = {
      type: 'json_schema',
      json_schema: { name: format.name, schema: format.schema, ...(format.description != null && { description: format.description }), ...(format.strict != null && { strict: format.strict }) },
    };
  }

  const r = b.reasoning;
  const reasoning: ReasoningConfig | undefined =
    r && (r.effort != null || r.summary != null || r.generate_summary != null)
      ? { ...(r.effort != null && { effort: r.effort }), ...((r.summary ?? r.generate_summary) != null && { summary: (r.summary ?? r.generate_summary)! }) }
      : undefined;

  return {
    ...parseModelTarget(b.model, knownProviders, 'model', true),
    fallbacks: (b.fallbacks ?? []).map((f, i) => parseModelTarget(f, knownProviders, `fallbacks[${i}]`)),
    instructions: b.instructions ? [{ role: 'system', content: b.instructions }] : [],
    input: b.input === undefined ? [] : inputMessages(b.input),
    params,
    ...(reasoning && { reasoning }),
    stream: b.stream === true,
    store: b.store !== false,
    previousResponseId: b.previous_response_id ?? undefined,
    includeEncrypted: b.include?.includes('reasoning.encrypted_content') === true,
    droppedTools: tools.dropped,
    namespaces: tools.namespaces,
    echo: {
      instructions: b.instructions ?? null,
      max_output_tokens: b.max_output_tokens ?? null,
      metadata: b.metadata ?? {},
      parallel_tool_calls: b.parallel_tool_calls ?? true,
      previous_response_id: b.previous_response_id ?? null,
      reasoning: { effort: r?.effort ?? null, summary: r?.summary ?? r?.generate_summary ?? null },
      service_tier: b.service_tier ?? 'auto',
      store: b.store !== false,
      temperature: b.temperature ?? 1,
      text: { format: format ?? { type: 'text' }, ...(b.text?.verbosity != null && { verbosity: b.text.verbosity }) },
      tool_choice: b.tool_choice ?? 'auto',
      tools: tools.echo,
      top_p: b.top_p ?? 1,
      truncation: b.truncation ?? 'disabled',
      user: b.user ?? null,
    },
  };
}
