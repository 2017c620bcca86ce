import * as z from '../../zod';
import type { ReasoningConfig } from '../../types/chat';

// How OpenAI-chat clients ask about reasoning: OpenAI's `reasoning_effort`, OpenRouter's
// `reasoning` object (which the AI SDK's OpenRouter provider and LiteLLM send too), and the
// `thinking` object DeepSeek documents (`{type: "enabled" | "disabled"}`, with Anthropic's
// `budget_tokens` where clients add one). All become ChatRequest.reasoning, for each provider to
// map to its own knob; none is passed through as a raw parameter.

const effort = z.enum(['none', 'minimal', 'low', 'medium', 'high', 'xhigh']);
const budget = z.number().check(z.int(), z.nonnegative(), z.lte(1_000_000));

export const reasoningParams = {
  reasoning_effort: z.nullish(effort),
  reasoning: z.nullish(
    z.strictObject({
      effort: z.optional(effort),
      max_tokens: z.optional(budget),
      enabled: z.optional(z.boolean()),
      // Hiding the reasoning from the answer is not something the gateway does: only `false` is accepted.
      exclude: z.optional(z.literal(false)),
      summary: z.optional(z.enum(['auto', 'concise', 'detailed'])),
    }),
  ),
  thinking: z.nullish(z.strictObject({ type: z.enum(['enabled', 'disabled', 'adaptive']), budget_tokens: z.optional(budget) })),
};

type ReasoningBody = { [K in keyof typeof reasoningParams]?: z.output<(typeof reasoningParams)[K]> };

/** The request's reasoning, or undefined when the client did not ask about it. */
export function readReasoningConfig(body: ReasoningBody): ReasoningConfig | undefined {
  const { reasoning_effort, reasoning, thinking } = body;
  if (!reasoning_effort && !reasoning && !thinking) return undefined;
  const off = reasoning?.enabled === false || thinking?.type === 'disabled';
  const config: ReasoningConfig = {};
  const chosen = off ? 'none' : (reasoning_effort ?? reasoning?.effort);
  if (chosen) config.effort = chosen;
  const budgetTokens = reasoning?.max_tokens ?? thinking?.budget_tokens;
  if (budgetTokens !== undefined && !off) config.budgetTokens = budgetTokens;
  if (thinking?.type === 'adaptive') config.adaptive = true;
  if (reasoning?.summary) config.summary = reasoning.summary;
  return config;
}
