import * as z from '../../zod';
import type { ChatMessage, ChatRequest, CountTokensRequest, ReasoningConfig } from '../../types/chat';
import { parseModelTarget } from '../openai/chat-request';
import { parseBody } from '../parse-body';
import { assistantTurn, block, systemBlocks, systemMessage, systemTurn, userTurn } from './read-turns';

// Anthropic's Messages API as a client dialect: the request is read here into the canonical
// (OpenAI-shaped) request, so any provider can answer an Anthropic SDK client. Where each field goes:
// - system (string or blocks, cache_control kept), messages (system turns inside them too),
//   thinking / redacted_thinking blocks → the assistant message's reasoning;
// - thinking {enabled, budget_tokens} / {adaptive} / {disabled}, output_config.effort → reasoning
//   (effort `max` is read as `xhigh`, the strongest canonical level); thinking.display → anthropic.thinking;
// - output_config.format and the beta's output_format → params.response_format (json_schema);
// - max_tokens, temperature, top_p, stop_sequences (→ stop), tools (client tools → function tools,
//   with cache_control and strict; server tools as they are), tool_choice (+ disable_parallel_tool_use
//   → parallel_tool_calls: false), metadata.user_id (→ user), top_k (other providers have it too);
// - context_management, service_tier, top-level cache_control, speed, inference_geo → `anthropic`,
//   as they are: they steer how Anthropic runs the request (context editing, tier, automatic
//   caching, speed, region), so an Anthropic target gets them and other targets go without (an
//   OpenAI-compatible server rejects top-level fields it does not know, and Claude Code sends
//   context_management with every request);
// - mcp_servers, container and any field this list does not name → params, as they are: they give
//   the model what only Anthropic hosts, so another provider refuses them by name (or its server does);
// - the anthropic-beta header → betas.

const clientTool = z.looseObject({
  name: z.string(),
  description: z.optional(z.string()),
  input_schema: z.record(z.string(), z.unknown()),
  type: z.optional(z.literal('custom')),
  strict: z.optional(z.boolean()),
});
// Server tools (web_search_20250305, bash_20250124, …) carry a versioned type and no input_schema.
const tool = z.union([clientTool, z.looseObject({ type: z.string(), name: z.string() })]);

const thinking = z.discriminatedUnion('type', [
  z.looseObject({ type: z.literal('enabled'), budget_tokens: z.number().check(z.int(), z.positive()), display: z.nullish(z.enum(['summarized', 'omitted'])) }),
  z.looseObject({ type: z.literal('adaptive'), display: z.nullish(z.enum(['summarized', 'omitted'])) }),
  z.looseObject({ type: z.literal('disabled') }),
]);
const jsonOutputFormat = z.looseObject({ type: z.literal('json_schema'), schema: z.record(z.string(), z.unknown()) });

const body = z.looseObject({
  model: z.string().check(z.minLength(1)),
  max_tokens: z.number().check(z.int(), z.positive()),
  // Claude Code puts a `system` turn inside `messages` when the model is not a Claude model.
  messages: z.array(z.looseObject({ role: z.enum(['user', 'assistant', 'system']), content: z.union([z.string(), z.array(block)]) })).check(z.minLength(1)),
  system: z.optional(z.union([z.string(), systemBlocks])),
  stream: z.optional(z.boolean()),
  temperature: z.optional(z.number().check(z.gte(0), z.lte(1))),
  top_p: z.optional(z.number().check(z.gte(0), z.lte(1))),
  top_k: z.optional(z.number().check(z.int(), z.positive())),
  stop_sequences: z.optional(z.array(z.string())),
  tools: z.optional(z.array(tool)),
  tool_choice: z.optional(z.looseObject({ type: z.enum(['auto', 'any', 'tool', 'none']), name: z.optional(z.string()), disable_parallel_tool_use: z.optional(z.boolean()) })),
  metadata: z.optional(z.looseObject({ user_id: z.nullish(z.string()) })),
  thinking: z.optional(thinking),
  output_config: z.optional(z.looseObject({ effort: z.nullish(z.enum(['low', 'medium', 'high', 'xhigh', 'max'])), format: z.nullish(jsonOutputFormat) })),
  output_format: z.nullish(jsonOutputFormat),
  fallbacks: z.optional(z.array(z.string().check(z.minLength(1)))),
});

/** Anthropic's ways of running a request, which no other provider has and a request can go without elsewhere. */
const ANTHROPIC_ONLY = new Set(['context_management', 'service_tier', 'cache_control', 'speed', 'inference_geo']);

/** Read into the canonical request by name; everything else in the body goes to `anthropic` or `params` as it is. */
const READ = new Set(['model', 'max_tokens', 'messages', 'system', 'stream', 'temperature', 'top_p', 'top_k', 'stop_sequences', 'tools', 'tool_choice', 'metadata', 'thinking', 'output_config', 'output_format', 'fallbacks']);

/** `count_tokens` takes a Messages body without generation settings: `max_tokens` is not required. */
const countBody = z.extend(body, { max_tokens: z.optional(z.number().check(z.int(), z.positive())) });
type Body = z.output<typeof countBody>;

/** What a Messages body asks, in canonical terms: target, fallbacks, messages (system first), parameters, reasoning, betas. */
function readMessages(b: Body, knownProviders: ReadonlySet<string>, headers: Readonly<Record<string, string>>) {
  const messages: ChatMessage[] = b.system !== undefined ? systemMessage(b.system) : [];
  for (const m of b.messages) messages.push(...(m.role === 'user' ? userTurn(m.content) : m.role === 'system' ? systemTurn(m.content) : assistantTurn(m.content)));

  const anthropic: Record<string, unknown> = {};
  const params: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(b)) if (!READ.has(name) && value !== undefined) (ANTHROPIC_ONLY.has(name) ? anthropic : params)[name] = value;
  const display = b.thinking && 'display' in b.thinking ? b.thinking.display : undefined;
  if (display) anthropic.thinking = { display };

  if (b.max_tokens !== undefined) params.max_tokens = b.max_tokens;
  if (b.temperature !== undefined) params.temperature = b.temperature;
  if (b.top_p !== undefined) params.top_p = b.top_p;
  if (b.top_k !== undefined) params.top_k = b.top_k;
  if (b.stop_sequences) params.stop = b.stop_sequences;
  if (b.metadata?.user_id) params.user = b.metadata.user_id;
  if (b.tools) params.tools = b.tools.map(toolParam);
  if (b.tool_choice) {
    const { type, name, disable_parallel_tool_use } = b.tool_choice;
    params.tool_choice = type === 'any' ? 'required' : type === 'tool' ? { type: 'function', function: { name } } : type;
    if (disable_parallel_tool_use) params.parallel_tool_calls = false;
  }
  const format = b.output_config?.format ?? b.output_format;
  // Anthropic's structured outputs are always schema-checked: OpenAI's `strict`.
  if (format) params.response_format = { type: 'json_schema', json_schema: { name: 'response', schema: format.schema, strict: true } };

  const reasoning = reasoningOf(b);
  const betas = (headers['anthropic-beta'] ?? '').split(',').map((f) => f.trim()).filter(Boolean);
  return {
    ...anthropicTarget(b.model, knownProviders),
    messages,
    fallbacks: (b.fallbacks ?? []).map((f, i) => parseModelTarget(f, knownProviders, `fallbacks[${i}]`)),
    params,
    ...(reasoning ? { reasoning } : {}),
    ...(betas.length > 0 ? { betas } : {}),
    ...(Object.keys(anthropic).length > 0 ? { anthropic } : {}),
  };
}

/** A client tool as an OpenAI function tool (cache_control on the tool, LiteLLM's convention); a server tool as it is. */
function toolParam(t: z.output<typeof tool>): Record<string, unknown> {
  if (!('input_schema' in t) || (t.type !== undefined && t.type !== 'custom')) return { ...t };
  const { name, description, input_schema, strict, cache_control } = t as z.output<typeof clientTool>;
  return {
    type: 'function',
    function: { name, ...(description !== undefined ? { description } : {}), parameters: input_schema, ...(strict !== undefined ? { strict } : {}) },
    ...(cache_control !== undefined ? { cache_control } : {}),
  };
}

function reasoningOf(b: Body): ReasoningConfig | undefined {
  const effort = b.output_config?.effort;
  const reasoning: ReasoningConfig = {};
  if (effort) reasoning.effort = effort === 'max' ? 'xhigh' : effort;
  if (b.thinking?.type === 'enabled') reasoning.budgetTokens = b.thinking.budget_tokens;
  if (b.thinking?.type === 'adaptive') reasoning.adaptive = true;
  // Disabled thinking wins over an effort: effort then only shapes the answer, not reasoning.
  if (b.thinking?.type === 'disabled') return { effort: 'none' };
  return Object.keys(reasoning).length > 0 ? reasoning : undefined;
}

export function parseMessagesRequest(raw: unknown, knownProviders: ReadonlySet<string>, headers: Readonly<Record<string, string>> = {}): ChatRequest {
  const b = parseBody(body, raw);
  return {
    kind: 'chat',
    ...readMessages(b, knownProviders, headers),
    stream: b.stream === true,
    // Anthropic streams always report usage (message_start / message_delta).
    includeUsage: true,
  };
}

/** `POST /v1/messages/count_tokens`: the same body, counted rather than answered. */
export function parseCountTokensRequest(raw: unknown, knownProviders: ReadonlySet<string>, headers: Readonly<Record<string, string>> = {}): CountTokensRequest {
  const { reasoning: _, ...read } = readMessages(parseBody(countBody, raw), knownProviders, headers);
  return { kind: 'count_tokens', ...read };
}

/**
 * What Anthropic's clients send is a bare Claude model name (Claude Code's default
 * `claude-sonnet-4-5`): on this route it means the `anthropic` provider, as Bifrost's Anthropic
 * integration reads it, when one is configured; `provider/model` reaches any other.
 */
function anthropicTarget(model: string, knownProviders: ReadonlySet<string>) {
  const target = parseModelTarget(model, knownProviders, 'model', true);
  return target.provider === '' && knownProviders.has('anthropic') ? { ...target, provider: 'anthropic' } : target;
}
