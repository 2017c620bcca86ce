import type { Usage } from '../../types/chat';
import type { UsageMetadataWire } from './wire';

/**
 * Gemini usage → canonical usage. Thinking tokens are billed as output, and OpenAI counts reasoning
 * inside `completion_tokens` too, so they are added there (and shown apart as details): otherwise
 * prompt + completion would fall far short of Gemini's own total on every thinking model.
 */
export function mapUsage(meta: UsageMetadataWire | null | undefined): Usage | undefined {
  if (!meta) return undefined;
  const prompt = meta.promptTokenCount ?? 0;
  const thoughts = meta.thoughtsTokenCount ?? 0;
  const completion = (meta.candidatesTokenCount ?? 0) + thoughts;
  const usage: Usage = { prompt_tokens: prompt, completion_tokens: completion, total_tokens: meta.totalTokenCount ?? prompt + completion };
  // Details under OpenAI's names, which every client dialect already knows how to read.
  if (meta.thoughtsTokenCount != null) usage.completion_tokens_details = { reasoning_tokens: meta.thoughtsTokenCount };
  if (meta.cachedContentTokenCount != null) usage.prompt_tokens_details = { cached_tokens: meta.cachedContentTokenCount };
  return usage;
}
