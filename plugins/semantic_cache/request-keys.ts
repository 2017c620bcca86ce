import { canonicalJson } from '../../src/config/canonical-json';
import { sha256Hex } from '../../src/config/sha256-hex';
import type { ChatMessage, ChatRequest } from '../../src/types/chat';
import type { CacheConfig } from './config-schema';

/** Parameters that never change the answer: who asked, storage and billing hints. */
const IRRELEVANT_PARAMS = new Set(['user', 'metadata', 'store', 'service_tier', 'safety_identifier', 'prompt_cache_key']);
/** Bump when the normalisation changes, so old entries stop matching instead of matching wrongly. */
const VERSION = 1;

export interface RequestKeys {
  /** Exact-mode id: the hash of everything that shapes the answer. */
  direct: string;
  /** Semantic mode only: what it embeds, and the scope its lookups stay in (cache key, virtual key, provider/model per config, parameters). */
  semantic?: { text: string; scope: { cache_key: string; params_hash: string } };
}

/** Messages the cache key is made of: without system prompts when configured so. */
function keyedMessages(req: ChatRequest, config: CacheConfig): ChatMessage[] {
  return config.exclude_system_prompt ? req.messages.filter((m) => m.role !== 'system' && m.role !== 'developer') : req.messages;
}

/** Text-only content as one string, so `"hi"` and `[{ type: "text", text: "hi" }]` key the same. */
function normalContent(content: ChatMessage['content']): unknown {
  if (!Array.isArray(content) || !content.every((p) => p.type === 'text')) return content;
  return content.map((p) => (p as { text: string }).text).join('');
}

function normalMessage(m: ChatMessage): Record<string, unknown> {
  return { role: m.role, content: normalContent(m.content), name: m.name, tool_calls: m.tool_calls, tool_call_id: m.tool_call_id };
}

/**
 * Deterministic keys: canonical JSON (sorted keys, no undefined) of the normalised request, so key
 * order, whitespace, `null` parameters and parameters that do not change the answer never split
 * the cache. Streaming or not is left out: either kind of request may be served from either.
 * The virtual key is in: two tenants sending the same `x-bf-cache-key` never see each other's
 * answers (requests without one share the unscoped space, keyed as before).
 */
export async function requestKeys(req: ChatRequest, cacheKey: string, config: CacheConfig, semantic: boolean, virtualKey: string | undefined): Promise<RequestKeys> {
  const params = Object.fromEntries(Object.entries(req.params).filter(([k, v]) => !IRRELEVANT_PARAMS.has(k) && v !== null));
  const target = {
    provider: config.cache_by_provider ? req.provider : undefined,
    model: config.cache_by_model ? req.model : undefined,
  };
  const messages = keyedMessages(req, config);
  const shared = { v: VERSION, cache_key: cacheKey, virtual_key: virtualKey, ...target, params, prompt: req.prompt };
  const direct = await sha256Hex(canonicalJson({ ...shared, messages: messages.map(normalMessage) }));
  if (!semantic) return { direct };
  const text = messages.map((m) => normalContent(m.content)).filter((c): c is string => typeof c === 'string').join('\n');
  return { direct, semantic: { text, scope: { cache_key: cacheKey, params_hash: await sha256Hex(canonicalJson(shared)) } } };
}
