import { estimateTokens } from '../../src/core/estimate-tokens';
import { computeCost } from '../../src/pricing/compute-cost';
import type { LLMRequest } from '../../src/types/chat';
import type { Reservation } from './usage-ledger';

/**
 * A request's worst case, reserved at admission: its input (estimated, about 4 characters a token)
 * plus the most it may write (`max_completion_tokens`, `max_tokens`, else `defaultOutputTokens`),
 * at the model's list price. A model the price table does not know reserves no money (it is not
 * priced at settlement either), only tokens.
 */
export function reservationFor(id: string, req: LLMRequest, defaultOutputTokens: number): Reservation {
  let input: number;
  let output = 0;
  if (req.kind === 'embedding') {
    input = Math.ceil(req.input.reduce((n, text) => n + text.length, 0) / 4);
  } else {
    input = estimateTokens({ kind: 'count_tokens', provider: req.provider, model: req.model, fallbacks: [], messages: req.messages, params: req.params }).inputTokens;
    if (req.kind === 'chat') output = maxOutput(req.params) ?? defaultOutputTokens;
  }
  return { id, tokens: input + output, cost: computeCost([req.model], { input, output })?.total ?? 0 };
}

function maxOutput(params: Record<string, unknown>): number | undefined {
  for (const name of ['max_completion_tokens', 'max_tokens']) {
    const value = params[name];
    if (typeof value === 'number' && Number.isInteger(value) && value > 0) return value;
  }
  return undefined;
}
