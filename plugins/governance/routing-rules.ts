import * as z from '../../src/zod';
import type { LLMRequest, ModelTarget } from '../../src/types/chat';
import type { UsagePercent } from './limits';
import type { VirtualKey } from './virtual-key-rows';

// Governance routing rules (the config's `governance.routing_rules`): first match wins, applied to
// the primary attempt only, so a rule never re-routes a fallback.

const target = z.string().check(z.regex(/^[^/]+\/.+$/, 'must be "provider/model"'));
const percent = z.number().check(z.gte(0));

export const routingRuleSchema = z.strictObject({
  name: z.string().check(z.minLength(1)),
  when: z._default(
    z.strictObject({
      provider: z.optional(z.string()),
      /** Exact, or a prefix ending in `*` (`gpt-4o*`). */
      model: z.optional(z.string()),
      /** Every listed header must have exactly this value. */
      headers: z.optional(z.record(z.string(), z.string())),
      /** The virtual key's name. */
      virtual_key: z.optional(z.string()),
      /**
       * The key's usage of its own limits, in percent: matches when every listed counter is at or
       * above its value (`{ "budget": 80 }` = 80 % of the budget spent). A key without that limit,
       * or a request without a key, never matches.
       */
      min_usage_percent: z.optional(z.strictObject({ budget: z.optional(percent), tokens: z.optional(percent), requests: z.optional(percent) })),
    }),
    {},
  ),
  route_to: z.optional(target),
  fallbacks: z.optional(z.array(target)),
});
export type RoutingRule = z.output<typeof routingRuleSchema>;

export interface RuleInputs {
  req: ModelTarget;
  headers: Record<string, string>;
  key: VirtualKey | null;
  /** Read only when a rule asks, since it costs a round trip to the key's ledger. */
  usage: () => Promise<UsagePercent | null>;
}

/** The first rule that matches, or undefined. */
export async function firstMatch(rules: readonly RoutingRule[], inputs: RuleInputs): Promise<RoutingRule | undefined> {
  let usage: UsagePercent | null | undefined;
  for (const rule of rules) {
    if (!matchesRequest(rule, inputs)) continue;
    const wanted = rule.when.min_usage_percent;
    if (wanted) {
      usage ??= await inputs.usage();
      if (!usage || !meets(usage, wanted)) continue;
    }
    return rule;
  }
  return undefined;
}

function matchesRequest(rule: RoutingRule, { req, headers, key }: RuleInputs): boolean {
  const { provider, model, headers: wanted, virtual_key } = rule.when;
  if (provider !== undefined && provider !== req.provider) return false;
  if (model !== undefined && !(model.endsWith('*') ? req.model.startsWith(model.slice(0, -1)) : model === req.model)) return false;
  if (wanted && Object.entries(wanted).some(([name, value]) => headers[name.toLowerCase()] !== value)) return false;
  if (virtual_key !== undefined && key?.name !== virtual_key) return false;
  return true;
}

function meets(usage: UsagePercent, wanted: Partial<Record<keyof UsagePercent, number>>): boolean {
  return (Object.keys(wanted) as (keyof UsagePercent)[]).every((counter) => {
    const used = usage[counter];
    return used !== null && used >= wanted[counter]!;
  });
}

/** The rule applied to a request of any kind: its target, and its fallbacks appended. */
export function applyRule<R extends LLMRequest>(rule: RoutingRule, req: R): R {
  return {
    ...req,
    ...(rule.route_to ? splitTarget(rule.route_to) : {}),
    fallbacks: [...req.fallbacks, ...(rule.fallbacks ?? []).map(splitTarget)],
  };
}

const splitTarget = (s: string) => ({ provider: s.slice(0, s.indexOf('/')), model: s.slice(s.indexOf('/') + 1) });
