import type { Usage } from '../../types/chat';
import type { AnthropicUsageWire } from './wire';

/**
 * Anthropic counts cached prompt tokens apart from `input_tokens`; the canonical prompt count is
 * everything the model read, with the cache parts kept under Anthropic's names (the usage facts read
 * them as cached input and cache writes), and thinking tokens as OpenAI's reasoning_tokens.
 */
export function mapUsage(wire: AnthropicUsageWire): Usage {
  const input = wire.input_tokens ?? 0;
  const cacheRead = wire.cache_read_input_tokens ?? 0;
  const cacheCreation = wire.cache_creation_input_tokens ?? 0;
  const prompt = input + cacheRead + cacheCreation;
  const completion = wire.output_tokens ?? 0;
  const usage: Usage = { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
  if (wire.cache_read_input_tokens != null) usage.cache_read_input_tokens = cacheRead;
  if (wire.cache_creation_input_tokens != null) usage.cache_creation_input_tokens = cacheCreation;
  const thinking = wire.output_tokens_details?.thinking_tokens;
  if (thinking != null) usage.completion_tokens_details = { reasoning_tokens: thinking };
  return usage;
}

/** Streams report usage in pieces (input in message_start, output in message_delta): later counts win. */
export function mergeUsage(into: AnthropicUsageWire, from: AnthropicUsageWire | null | undefined): AnthropicUsageWire {
  if (!from) return into;
  const merged: AnthropicUsageWire = { ...into };
  for (const key of ['input_tokens', 'output_tokens', 'cache_creation_input_tokens', 'cache_read_input_tokens'] as const) {
    if (from[key] != null) merged[key] = from[key];
  }
  if (from.output_tokens_details != null) merged.output_tokens_details = from.output_tokens_details;
  return merged;
}
