import { z } from 'zod';
import { GatewayError } from '../../src/errors/gateway-error';
import { hasLimits, limitsOf } from '../../src/governance/limits';
import { virtualKeys } from '../../src/governance/virtual-key-cache';
import { computeCost } from '../../src/pricing/compute-cost';
import type { VirtualKey } from '../../src/governance/virtual-key-rows';
import { contextKey, definePlugin, GatewayKeys, type HookContext } from '../../src/sdk';
import type { ChatRequest } from '../../src/types/chat';

// Bifrost's governance built-in (virtual keys so far): who may call, which providers and models.
// Fail-closed: if it cannot decide, the request does not go through.

const presented = contextKey<string | null>('governance.presented_key');
const resolved = contextKey<VirtualKey | null>('governance.virtual_key');
/** Set once the key's ledger admitted the request: it must then be settled, whatever happens. */
const admitted = contextKey<{ cost: number; tokens: number }>('governance.admitted');

const VK_PREFIX = 'sk-bf-';
const headersKey = contextKey<Record<string, string>>('governance.headers');

const target = z.string().regex(/^[^/]+\/.+$/, 'must be "provider/model"');
/** First match wins; applied to the primary attempt only, so it never re-routes a fallback. */
const routingRule = z.strictObject({
  name: z.string().min(1),
  when: z
    .strictObject({
      provider: z.string().optional(),
      /** Exact, or a prefix ending in `*` (`gpt-4o*`). */
      model: z.string().optional(),
      /** Every listed header must have exactly this value. */
      headers: z.record(z.string(), z.string()).optional(),
      /** The virtual key's name. */
      virtual_key: z.string().optional(),
    })
    .default({}),
  route_to: target.optional(),
  fallbacks: z.array(target).optional(),
});
type RoutingRule = z.output<typeof routingRule>;

function matches(rule: RoutingRule, req: ChatRequest, headers: Record<string, string>, key: VirtualKey | null): boolean {
  const { provider, model, headers: wanted, virtual_key } = rule.when;
  if (provider !== undefined && provider !== req.provider) return false;
  if (model !== undefined && !(model.endsWith('*') ? req.model.startsWith(model.slice(0, -1)) : model === req.model)) return false;
  if (wanted && Object.entries(wanted).some(([name, value]) => headers[name.toLowerCase()] !== value)) return false;
  if (virtual_key !== undefined && key?.name !== virtual_key) return false;
  return true;
}

function applyRule(rule: RoutingRule, req: ChatRequest): ChatRequest {
  const split = (s: string) => ({ provider: s.slice(0, s.indexOf('/')), model: s.slice(s.indexOf('/') + 1) });
  return {
    ...req,
    ...(rule.route_to ? split(rule.route_to) : {}),
    fallbacks: [...req.fallbacks, ...(rule.fallbacks ?? []).map(split)],
  };
}

/** `x-bf-vk`, or an `sk-bf-…` token in `Authorization: Bearer` or `x-api-key` (other keys are the client SDK's filler). */
function presentedKey(headers: Record<string, string>): string | null {
  if (headers['x-bf-vk']) return headers['x-bf-vk'];
  const bearer = headers.authorization?.startsWith('Bearer ') ? headers.authorization.slice(7) : undefined;
  for (const candidate of [bearer, headers['x-api-key']]) if (candidate?.startsWith(VK_PREFIX)) return candidate;
  return null;
}

/** Why `key` may not use provider/model; a fallback may be allowed, so these allow fallbacks. */
function allowed(key: VirtualKey, provider: string, model: string): GatewayError | undefined {
  if (key.allowed_providers.length > 0 && !key.allowed_providers.includes(provider)) {
    return denied(403, 'provider_blocked', `virtual key "${key.name}" may not use provider "${provider}"`, true);
  }
  if (key.allowed_models.length > 0 && !key.allowed_models.some((m) => m === model || m === `${provider}/${model}`)) {
    return denied(403, 'model_blocked', `virtual key "${key.name}" may not use model "${provider}/${model}"`, true);
  }
  return undefined;
}

const denied = (status: number, code: string, message: string, allowFallbacks = false) =>
  new GatewayError({ status, type: status === 401 ? 'authentication_error' : 'permission_error', code, message, allowFallbacks });

export default definePlugin({
  name: 'governance',
  builtin: { position: 2 },
  failClosed: true,
  // The `client` block and the config's top-level `governance` section.
  configSchema: z.looseObject({
    enforce_auth_on_inference: z.boolean().default(false),
    routing_rules: z.array(routingRule).default([]),
  }),

  init(config, env) {
    /** The request's virtual key (null when none was presented), or why it may not proceed. */
    const resolve = async (ctx: HookContext): Promise<VirtualKey | null | GatewayError> => {
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

    const checkKey = async (ctx: HookContext, provider: string, model: string): Promise<GatewayError | undefined> => {
      const key = await resolve(ctx);
      if (key instanceof GatewayError) return key;
      return key ? allowed(key, provider, model) : undefined;
    };

    /** The first matching routing rule, on the primary attempt only. */
    const route = (ctx: HookContext, req: ChatRequest, key: VirtualKey | null): { request: ChatRequest } | undefined => {
      if (ctx.fallbackIndex > 0 || config.routing_rules.length === 0) return undefined;
      const rule = config.routing_rules.find((r) => matches(r, req, ctx.get(headersKey) ?? {}, key));
      if (!rule) return undefined;
      ctx.log.info('routing rule applied', { rule: rule.name });
      return { request: applyRule(rule, req) };
    };

    return {
      async httpPreHook(ctx, req) {
        ctx.set(presented, presentedKey(req.headers));
        if (config.routing_rules.length > 0) ctx.set(headersKey, req.headers);
        // Embeddings run no LLM hooks: their key checks happen here, so no route bypasses governance.
        if (req.path !== '/v1/embeddings') return;
        const model = (req.body as { model?: unknown } | undefined)?.model;
        const [provider, name] = typeof model === 'string' && model.includes('/') ? [model.slice(0, model.indexOf('/')), model.slice(model.indexOf('/') + 1)] : ['', ''];
        const error = await checkKey(ctx, provider, name);
        if (error) return { status: error.status, headers: { 'content-type': 'application/json' }, body: error.toJSON() };
      },

      // Per attempt: a fallback to a provider the key may not use is refused like the primary.
      async preLLMHook(ctx, incoming) {
        const key = await resolve(ctx);
        if (key instanceof GatewayError) return { error: key };
        const routed = route(ctx, incoming, key);
        if (!key) return routed;
        const req = routed?.request ?? incoming;
        const blocked = allowed(key, req.provider, req.model);
        if (blocked) return { error: blocked };
        // Budgets and rate limits: one admission per request (not per fallback attempt).
        const limits = limitsOf(key);
        if (!hasLimits(limits) || ctx.get(admitted) || !env.USAGE) return routed;
        const ledger = env.USAGE.get(env.USAGE.idFromName(key.id));
        const admission = await ledger.admit(limits);
        if (!admission.ok) {
          return { error: new GatewayError({ status: admission.status, type: admission.status === 402 ? 'budget_error' : 'rate_limit_error', code: admission.code, message: admission.message, allowFallbacks: false }) };
        }
        const spent = { cost: 0, tokens: 0 };
        ctx.set(admitted, spent);
        // Settled when the response is done, stream included, error or not: no admitted request is lost.
        ctx.onComplete(() => ctx.waitUntil(ledger.settle(limits, spent.cost, spent.tokens)));
        return routed;
      },

      postLLMHook(ctx, res, err) {
        const spent = ctx.get(admitted);
        if (!spent || err || !res || !(ctx.isFinalChunk || !ctx.isStream)) return;
        const usage = 'type' in res ? (res.type === 'finish' ? res.usage : undefined) : res.usage;
        if (!usage) return;
        const model = 'type' in res ? (ctx.model ?? '') : res.model;
        spent.cost = computeCost(model, usage)?.total ?? 0;
        spent.tokens = usage.total_tokens;
      },
    };
  },
});
