import * as z from '../../src/zod';
import { GatewayError } from '../../src/errors/gateway-error';
import { hasLimits, limitsOf, usagePercent } from './limits';
import { configAllows, pickProvider } from './provider-configs';
import { applyRule, firstMatch, routingRuleSchema } from './routing-rules';
import { reservationFor } from './reservation';
import { type GovernedKey, virtualKeys } from './virtual-key-cache';
import type { KeyLimits, UsageLedger } from './usage-ledger';
import type { BudgetScope, VirtualKey } from './virtual-key-rows';
import { contextKey, definePlugin, GatewayKeys, type HookContext, type PreLLMResult } from '../../src/sdk';
import type { LLMRequest, ModelTarget } from '../../src/types/chat';

// Bifrost's governance built-in: who may call, which providers and models, how much and how fast.
// Fail-closed: if it cannot decide, the request does not go through.

const presented = contextKey<string | null>('governance.presented_key');
const resolved = contextKey<GovernedKey | null>('governance.virtual_key');
/** A ledger that admitted the request, with the limits it was asked to enforce. */
interface Admitted {
  ledger: DurableObjectStub<UsageLedger>;
  limits: KeyLimits;
}
/** Set once every level admitted the request: each must then be settled, whatever happens. */
const admitted = contextKey<{ reservation: string; ledgers: Admitted[] }>('governance.admitted');
const headersKey = contextKey<Record<string, string>>('governance.headers');

const VK_PREFIX = 'sk-bf-';

/** A team's or customer's limits: a budget only (rate limits are a key's). */
const budgetOnly = (s: BudgetScope): KeyLimits => ({ budget_max_usd: s.budget_max_usd, budget_reset: s.budget_reset, token_max: null, token_window: null, request_max: null, request_window: null });

/** `x-bf-vk`, or an `sk-bf-…` token in `Authorization: Bearer` or `x-api-key` (other keys are the client SDK's filler). */
function presentedKey(headers: Record<string, string>): string | null {
  if (headers['x-bf-vk']) return headers['x-bf-vk'];
  const bearer = headers.authorization?.startsWith('Bearer ') ? headers.authorization.slice(7) : undefined;
  for (const candidate of [bearer, headers['x-api-key']]) if (candidate?.startsWith(VK_PREFIX)) return candidate;
  return null;
}

/** Why `key` may not use provider/model; a fallback may be allowed, so these allow fallbacks. */
function allowed(key: VirtualKey, provider: string, model: string): GatewayError | undefined {
  const byConfigs = configAllows(key.provider_configs, provider, model);
  if (byConfigs === 'provider' || (key.allowed_providers.length > 0 && !key.allowed_providers.includes(provider))) {
    return denied(403, 'provider_blocked', `virtual key "${key.name}" may not use provider "${provider}"`, true);
  }
  if (byConfigs === 'model' || (key.allowed_models.length > 0 && !key.allowed_models.some((m) => m === model || m === `${provider}/${model}`))) {
    return denied(403, 'model_blocked', `virtual key "${key.name}" may not use model "${provider}/${model}"`, true);
  }
  return undefined;
}

const denied = (status: number, code: string, message: string, allowFallbacks = false) =>
  new GatewayError({ status, type: status === 401 ? 'authentication_error' : 'permission_error', code, message, allowFallbacks });

/** A model sent without a provider goes to one of the key's provider configs, by weight. */
function weighted(key: VirtualKey, model: string): { primary: ModelTarget; fallbacks: ModelTarget[] } | GatewayError {
  return pickProvider(key.provider_configs, model) ?? denied(403, 'model_blocked', `no provider config of virtual key "${key.name}" serves model "${model}"`);
}

export default definePlugin({
  name: 'governance',
  builtin: { position: 2 },
  failClosed: true,
  // The `client` block and the config's top-level `governance` section.
  configSchema: z.looseObject({
    enforce_auth_on_inference: z._default(z.boolean(), false),
    routing_rules: z._default(z.array(routingRuleSchema), []),
    /** Output tokens reserved against budgets and token limits for a request that sets no max_tokens. */
    reserve_output_tokens: z._default(z.number().check(z.int(), z.positive()), 1024),
  }),

  init(config, env) {
    /** The request's virtual key (null when none was presented), or why it may not proceed. */
    const resolve = async (ctx: HookContext): Promise<GovernedKey | null | GatewayError> => {
      const token = ctx.get(presented) ?? null;
      if (token === null) {
        return config.enforce_auth_on_inference ? denied(401, 'virtual_key_required', 'a virtual key is required: send it as x-bf-vk or Authorization: Bearer sk-bf-…') : null;
      }
      let key = ctx.get(resolved);
      if (key === undefined) {
        if (!env.DB) throw new Error('virtual keys need the D1 binding "DB"');
        key = (await virtualKeys.lookup(env.DB, token)) ?? null;
        ctx.set(resolved, key);
        if (key) ctx.set(GatewayKeys.virtualKey, key.id);
      }
      if (!key) return denied(401, 'virtual_key_not_found', 'virtual key not found');
      if (!key.is_active) return denied(403, 'virtual_key_blocked', `virtual key "${key.name}" is blocked`);
      return key;
    };

    const ledgerOf = (key: VirtualKey) => env.USAGE?.get(env.USAGE.idFromName(key.id));

    /**
     * Budgets and rate limits: one admission per request (not per fallback attempt), at every level
     * of the hierarchy that has limits (the key, its team, its customer), each reserving the
     * request's worst case. A level that refuses releases the levels before it, so a refused request
     * leaves no trace; an admitted one is settled everywhere with what it spent once it finished
     * (`onRequestEnd`), stream, error or hang-up included.
     */
    const admit = async (ctx: HookContext, key: GovernedKey, req: LLMRequest): Promise<GatewayError | undefined> => {
      if (ctx.get(admitted) || !env.USAGE) return undefined;
      const usage = env.USAGE;
      const levels = [{ name: `virtual key "${key.name}"`, id: key.id, limits: limitsOf(key) }, ...key.scopes.map((s) => ({ name: `${s.kind} "${s.id}"`, id: `${s.kind}:${s.id}`, limits: budgetOnly(s) }))].filter((l) => hasLimits(l.limits));
      if (levels.length === 0) return undefined;
      const reservation = reservationFor(ctx.requestId, req, config.reserve_output_tokens);
      const ledgers: Admitted[] = [];
      for (const level of levels) {
        const ledger = usage.get(usage.idFromName(level.id));
        const admission = await ledger.admit(level.limits, reservation);
        if (!admission.ok) {
          await Promise.all(ledgers.map((a) => a.ledger.release(a.limits, reservation.id)));
          const message = level.id === key.id ? admission.message : `${level.name}: ${admission.message}`;
          return new GatewayError({ status: admission.status, type: admission.status === 402 ? 'budget_error' : 'rate_limit_error', code: admission.code, message, allowFallbacks: false });
        }
        ledgers.push({ ledger, limits: level.limits });
      }
      ctx.set(admitted, { reservation: reservation.id, ledgers });
      return undefined;
    };

    /** Routing rules, then the key's weighted providers; on the primary attempt only. */
    const route = async (ctx: HookContext, req: LLMRequest, key: VirtualKey | null): Promise<LLMRequest | GatewayError> => {
      if (ctx.fallbackIndex > 0) return req;
      const rule = config.routing_rules.length === 0 ? undefined : await firstMatch(config.routing_rules, {
        req,
        headers: ctx.get(headersKey) ?? {},
        key,
        usage: async () => {
          const ledger = key && ledgerOf(key);
          return ledger ? usagePercent(limitsOf(key), await ledger.usage(limitsOf(key))) : null;
        },
      });
      if (rule) ctx.log.info('routing rule applied', { rule: rule.name });
      const routed = rule ? applyRule(rule, req) : req;
      if (!key || routed.provider !== '' || key.provider_configs.length === 0) return routed;
      const pick = weighted(key, routed.model);
      if (pick instanceof GatewayError) return pick;
      // The key's other providers back the request up, unless the client chose its own fallbacks.
      return { ...routed, ...pick.primary, fallbacks: routed.fallbacks.length > 0 ? routed.fallbacks : pick.fallbacks };
    };

    return {
      // Without a key, rules or enforcement both hooks have nothing to decide and answer at once,
      // so the runner sets no timer and no promise for them (most requests of a keyless setup).
      httpPreHook(ctx, req) {
        const token = presentedKey(req.headers);
        ctx.set(presented, token);
        if (config.routing_rules.length > 0) ctx.set(headersKey, req.headers);
        // The key is looked up here (refusals still come from preLLMHook, in the route's dialect) so
        // its id is known before the body is read: the Responses API scopes stored responses by it.
        if (token !== null) return resolve(ctx).then(() => undefined);
      },

      // Per attempt: a fallback to a provider the key may not use is refused like the primary.
      preLLMHook(ctx, incoming) {
        if (ctx.get(presented) === null && !config.enforce_auth_on_inference && config.routing_rules.length === 0) return undefined;
        return decide(ctx, incoming);
      },

      // Whatever the request spent, as the gateway priced it: a cached answer costs nothing, but
      // still counted against the request limit at admission.
      onRequestEnd(ctx, finished) {
        const settling = ctx.get(admitted);
        if (!settling) return;
        for (const { ledger, limits } of settling.ledgers) ctx.waitUntil(ledger.settle(limits, settling.reservation, finished.cost ?? 0, finished.usage?.total ?? 0));
      },
    };

    /** The key's verdict on one attempt: refused, re-routed, or as it is (undefined). */
    async function decide(ctx: HookContext, incoming: LLMRequest): Promise<PreLLMResult | undefined> {
      const key = await resolve(ctx);
      if (key instanceof GatewayError) return { error: key };
      const req = await route(ctx, incoming, key);
      if (req instanceof GatewayError) return { error: req };
      // Counting tokens spends nothing: it is checked against the key's providers and models, not
      // admitted against its budget or limits (coding agents count before every turn).
      const error = key ? (allowed(key, req.provider, req.model) ?? (req.kind === 'count_tokens' ? undefined : await admit(ctx, key, req))) : undefined;
      if (error) return { error };
      return req === incoming ? undefined : { request: req };
    }
  },
});
