import { GatewayError } from '../../errors/gateway-error';
import type { ReasoningConfig } from '../../types/chat';
import type { ClaudeCapabilities } from './model-capabilities';

/** Anthropic rejects a `budget_tokens` below this (extended thinking docs). */
export const MIN_THINKING_BUDGET = 1024;

/**
 * Effort words → `budget_tokens`, for models that take only a budget (before 4.6). Anthropic's docs
 * start at the 1024 minimum and call 16k+ the range for complex tasks; the steps double from there.
 */
export const BUDGET_BY_EFFORT: Record<Exclude<NonNullable<ReasoningConfig['effort']>, 'none'>, number> = {
  minimal: 1024,
  low: 2048,
  medium: 8192,
  high: 16384,
  xhigh: 32768,
};

/** Effort words → `output_config.effort` (low, medium, high, xhigh, max), for models that have it. */
function anthropicEffort(effort: NonNullable<ReasoningConfig['effort']>, caps: ClaudeCapabilities): string | undefined {
  switch (effort) {
    case 'none':
      return undefined;
    case 'minimal':
    case 'low':
      return 'low';
    case 'xhigh':
      // The strongest level the model has: Opus 4.6 and Sonnet 4.6 call it `max`.
      return caps.xhighEffort ? 'xhigh' : 'max';
    default:
      return effort;
  }
}

export interface AnthropicThinking {
  thinking?: Record<string, unknown>;
  /** `output_config.effort`. */
  effort?: string;
  max_tokens: number;
}

/**
 * The canonical reasoning request as Anthropic's `thinking` (and `output_config.effort`):
 * - effort `none` or a budget of 0 → `{type: "disabled"}`;
 * - `adaptive` → `{type: "adaptive"}`, with the effort if one was asked;
 * - a budget → `{type: "enabled", budget_tokens}`, raised to Anthropic's 1024 minimum;
 * - an effort alone → adaptive thinking with that effort on models that have it (4.6 and later),
 *   else a budget from BUDGET_BY_EFFORT.
 * The budget counts inside `max_tokens` and must be below it: without a client `max_tokens` the
 * default answer room is added on top; with one, a budget that cannot fit is a 400, and an effort's
 * budget shrinks to fit (a 400 when even the minimum cannot).
 */
export function toAnthropicThinking(
  reasoning: ReasoningConfig | undefined,
  caps: ClaudeCapabilities,
  maxTokens: number | undefined,
  defaultMaxTokens: number,
): AnthropicThinking {
  const base = maxTokens ?? defaultMaxTokens;
  if (!reasoning) return { max_tokens: base };
  const { effort, budgetTokens, adaptive } = reasoning;
  if (effort === 'none' || budgetTokens === 0) return { thinking: { type: 'disabled' }, max_tokens: base };
  const outputEffort = effort ? anthropicEffort(effort, caps) : undefined;
  const withEffort = outputEffort ? { effort: outputEffort } : {};

  if (adaptive || (budgetTokens === undefined && effort !== undefined && caps.adaptiveThinking)) {
    return { thinking: { type: 'adaptive' }, ...withEffort, max_tokens: base };
  }
  if (budgetTokens !== undefined) {
    const budget = Math.max(MIN_THINKING_BUDGET, Math.floor(budgetTokens));
    if (maxTokens === undefined) return { thinking: { type: 'enabled', budget_tokens: budget }, ...withEffort, max_tokens: budget + defaultMaxTokens };
    if (budget >= maxTokens) {
      throw GatewayError.invalidRequest(
        `a thinking budget of ${budget} tokens must be below max_tokens (${maxTokens}) for provider anthropic: Anthropic counts thinking inside max_tokens`,
        'invalid_thinking_budget',
        'max_tokens',
      );
    }
    return { thinking: { type: 'enabled', budget_tokens: budget }, ...withEffort, max_tokens: maxTokens };
  }
  if (effort === undefined) return { max_tokens: base };
  // An effort on a model that takes only budgets (its `output_config.effort` would be refused).
  const wanted = BUDGET_BY_EFFORT[effort];
  if (maxTokens === undefined) return { thinking: { type: 'enabled', budget_tokens: wanted }, max_tokens: wanted + defaultMaxTokens };
  const budget = Math.min(wanted, maxTokens - 1);
  if (budget < MIN_THINKING_BUDGET) {
    throw GatewayError.invalidRequest(
      `reasoning needs max_tokens above ${MIN_THINKING_BUDGET} for provider anthropic (thinking counts inside max_tokens; got ${maxTokens})`,
      'invalid_thinking_budget',
      'max_tokens',
    );
  }
  return { thinking: { type: 'enabled', budget_tokens: budget }, max_tokens: maxTokens };
}
