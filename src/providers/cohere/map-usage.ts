import type { Usage } from '../../types/chat';
import type { CohereUsageWire } from './wire';

/**
 * `tokens` counts what the model read and wrote; `billed_units` is what Cohere charges (without
 * its prompt template), kept as an extra key, as are cached prompt tokens in OpenAI's place for them.
 */
export function mapUsage(wire: CohereUsageWire | null | undefined): Usage | undefined {
  const counts = wire?.tokens ?? wire?.billed_units;
  if (!wire || !counts) return undefined;
  const prompt = counts.input_tokens ?? 0;
  const completion = counts.output_tokens ?? 0;
  const usage: Usage = { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
  if (wire.cached_tokens != null) usage.prompt_tokens_details = { cached_tokens: wire.cached_tokens };
  if (wire.billed_units) usage.billed_units = wire.billed_units;
  return usage;
}
