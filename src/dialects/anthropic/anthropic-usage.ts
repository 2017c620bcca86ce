import type { Usage } from '../../types/chat';

const count = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined);

/**
 * Canonical usage → Anthropic's: `input_tokens` counts only what was neither read from nor written
 * to the prompt cache, which Anthropic reports beside it. Cache reads come from an Anthropic
 * upstream's `cache_read_input_tokens` or OpenAI's `prompt_tokens_details.cached_tokens`; writes
 * only Anthropic reports. The cache fields are left out when the provider said nothing of caching.
 */
export function anthropicUsage(usage: Usage | undefined): Record<string, number> {
  if (!usage) return { input_tokens: 0, output_tokens: 0 };
  const details = usage.prompt_tokens_details as { cached_tokens?: unknown } | undefined;
  const read = count(usage.cache_read_input_tokens) ?? count(details?.cached_tokens);
  const written = count(usage.cache_creation_input_tokens);
  const out: Record<string, number> = {
    input_tokens: Math.max(0, usage.prompt_tokens - (read ?? 0) - (written ?? 0)),
    output_tokens: usage.completion_tokens,
  };
  if (written !== undefined) out.cache_creation_input_tokens = written;
  if (read !== undefined) out.cache_read_input_tokens = read;
  return out;
}
