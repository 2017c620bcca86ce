import { GatewayError } from '../errors/gateway-error';
import type { ReasoningConfig } from '../types/chat';

// One table between the two ways clients ask for reasoning: effort words (OpenAI, the Responses API)
// and token budgets (Anthropic, Gemini 2.5, Bedrock Claude, Cohere). A provider that takes the
// other kind converts here, so every provider converts the same way (the README's reasoning table).

export type Effort = NonNullable<ReasoningConfig['effort']>;

/** The budget an effort word stands for; `none` is no thinking at all (0). */
export const BUDGET_FOR_EFFORT: Readonly<Record<Effort, number>> = {
  none: 0,
  minimal: 512,
  low: 1024,
  medium: 8192,
  high: 24576,
  xhigh: 32768,
};

/** The effort word for a budget: the smallest effort whose budget covers it. */
export function effortForBudget(budget: number): Effort {
  if (budget <= 0) return 'none';
  if (budget <= BUDGET_FOR_EFFORT.minimal) return 'minimal';
  if (budget <= BUDGET_FOR_EFFORT.low) return 'low';
  if (budget <= BUDGET_FOR_EFFORT.medium) return 'medium';
  if (budget <= BUDGET_FOR_EFFORT.high) return 'high';
  return 'xhigh';
}

/** The effort a request asks for, from its words or else its budget; undefined when it names neither. */
export function requestedEffort(r: ReasoningConfig): Effort | undefined {
  return r.effort ?? (r.budgetTokens === undefined ? undefined : effortForBudget(r.budgetTokens));
}

/** The budget a request asks for, from its budget or else its words; undefined when it names neither. */
export function requestedBudget(r: ReasoningConfig): number | undefined {
  return r.budgetTokens ?? (r.effort === undefined ? undefined : BUDGET_FOR_EFFORT[r.effort]);
}

/** The 400 for reasoning a provider cannot honour, naming the provider and what was asked. */
export function reasoningRefused(provider: string, what: string): GatewayError {
  return GatewayError.invalidRequest(`provider "${provider}" cannot honour ${what}`, 'unsupported_parameter', 'reasoning');
}
