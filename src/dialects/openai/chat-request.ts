import { parseBody } from '../parse-body';
import * as z from '../../zod';
import { GatewayError } from '../../errors/gateway-error';
import { reasoningDetailSchema } from '../../providers/openai/wire';
import type { ChatMessage, ChatRequest, ModelTarget } from '../../types/chat';
import { readReasoningConfig, reasoningParams } from './reasoning-request';
import { partsOfWireReasoning } from './reasoning-message';

const contentPart = z.looseObject({ type: z.string() });

const MAX_REASONING_DETAILS = 256;

const message = z.looseObject({
  role: z.enum(['system', 'developer', 'user', 'assistant', 'tool']),
  content: z._default(z.union([z.string(), z.array(contentPart), z.null()]), null),
  name: z.optional(z.string()),
  tool_calls: z.optional(
    z.array(
      z.looseObject({
        id: z.string(),
        type: z.literal('function'),
        function: z.looseObject({ name: z.string(), arguments: z.string() }),
        // Gemini's OpenAI compatibility carries a call's thought signature here.
        extra_content: z.optional(z.looseObject({ google: z.optional(z.looseObject({ thought_signature: z.optional(z.string()) })) })),
      }),
    ),
  ),
  tool_call_id: z.optional(z.string()),
  // An assistant turn's reasoning as clients send it back: DeepSeek's and LiteLLM's text, Groq's
  // and OpenRouter's text, OpenRouter's details with their opaque forms.
  reasoning_content: z.nullish(z.string()),
  reasoning: z.nullish(z.string()),
  reasoning_details: z.nullish(z.array(reasoningDetailSchema).check(z.maxLength(MAX_REASONING_DETAILS))),
});

type WireMessage = z.output<typeof message>;

/** A wire message as canonical: reasoning fields become `reasoning`, a call's signature `signature`. */
function toChatMessage(m: WireMessage): ChatMessage {
  const { reasoning_content, reasoning: reasoningText, reasoning_details, tool_calls, ...rest } = m;
  const out = rest as ChatMessage;
  if (tool_calls) {
    out.tool_calls = tool_calls.map(({ extra_content, ...tc }) => {
      const signature = extra_content?.google?.thought_signature;
      return { ...tc, ...(signature ? { signature } : {}) };
    });
  }
  const reasoning = partsOfWireReasoning(reasoning_details, reasoning_content ?? reasoningText);
  if (reasoning) out.reasoning = reasoning;
  return out;
}

// Checked here: what the gateway itself reads, and the common knobs whose wrong type is a client
// mistake worth a 400 before any provider is paid. Everything else passes through to the provider.
const chatBody = z.looseObject({
  model: z.string().check(z.minLength(1)),
  messages: z.array(message).check(z.minLength(1)),
  stream: z.nullish(z.boolean()),
  stream_options: z.nullish(z.looseObject({ include_usage: z.optional(z.boolean()) })),
  fallbacks: z.optional(z.array(z.string().check(z.minLength(1)))),
  temperature: z.nullish(z.number().check(z.gte(0), z.lte(2))),
  top_p: z.nullish(z.number().check(z.gte(0), z.lte(1))),
  n: z.nullish(z.number().check(z.int(), z.positive())),
  max_tokens: z.nullish(z.number().check(z.int(), z.positive())),
  max_completion_tokens: z.nullish(z.number().check(z.int(), z.positive())),
  ...reasoningParams,
});

// Read by the gateway itself (reasoning fields become ChatRequest.reasoning, for each provider to map).
const GATEWAY_FIELDS = new Set(['model', 'messages', 'stream', 'stream_options', 'fallbacks', ...Object.keys(reasoningParams)]);

export const providerRequired = (param: string, value: string) =>
  GatewayError.invalidRequest(`${param} "${value}" must be "provider/model", e.g. "openai/gpt-4o-mini"`, 'invalid_model', param);

/**
 * `provider/model`; the model part may itself contain slashes (openrouter/anthropic/claude-…).
 * With `bare`, a model without a provider parses with provider "" for a hook to route (a virtual
 * key's weighted provider configs do); the attempt refuses it if none did.
 */
export function parseModelTarget(value: string, knownProviders: ReadonlySet<string>, param: string, bare = false): ModelTarget {
  const slash = value.indexOf('/');
  if (bare && slash === -1 && value.length > 0) return { provider: '', model: value };
  if (slash <= 0 || slash === value.length - 1) throw providerRequired(param, value);
  const provider = value.slice(0, slash);
  if (!knownProviders.has(provider)) {
    throw GatewayError.invalidRequest(
      `${param} "${value}" names provider "${provider}", which is not configured (configured: ${[...knownProviders].join(', ') || 'none'})`,
      'unknown_provider',
      param,
    );
  }
  return { provider, model: value.slice(slash + 1) };
}

/** An OpenAI chat body → the canonical request, or a 400 naming the field. */
export function parseChatRequest(body: unknown, knownProviders: ReadonlySet<string>): ChatRequest {
  const data = parseBody(chatBody, body);
  const params: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(data)) if (!GATEWAY_FIELDS.has(k) && v !== undefined) params[k] = v;
  const reasoning = readReasoningConfig(data);
  return {
    kind: 'chat',
    ...parseModelTarget(data.model, knownProviders, 'model', true),
    messages: data.messages.map(toChatMessage),
    stream: data.stream === true,
    includeUsage: data.stream_options?.include_usage === true,
    fallbacks: (data.fallbacks ?? []).map((f, i) => parseModelTarget(f, knownProviders, `fallbacks[${i}]`)),
    params,
    ...(reasoning ? { reasoning } : {}),
  };
}
