import type { Usage } from '../../types/chat';
import type { UsageWire } from './wire';

/**
 * Converse usage in OpenAI's names. Bedrock's `inputTokens` leaves out prompt-cache reads and
 * writes; those travel as extra keys in Anthropic's names, which clients of cached prompts know.
 */
export function mapUsage(wire: UsageWire): Usage {
  const usage: Usage = { prompt_tokens: wire.inputTokens, completion_tokens: wire.outputTokens, total_tokens: wire.totalTokens };
  if (wire.cacheReadInputTokens != null) usage.cache_read_input_tokens = wire.cacheReadInputTokens;
  if (wire.cacheWriteInputTokens != null) usage.cache_creation_input_tokens = wire.cacheWriteInputTokens;
  return usage;
}
