import type { FinishReason } from '../../types/chat';

const BY_UNIFIED: Record<FinishReason['unified'], string> = {
  stop: 'end_turn',
  length: 'max_tokens',
  tool_calls: 'tool_use',
  content_filter: 'refusal',
  error: 'end_turn',
  other: 'end_turn',
};

/** Anthropic's own words, and the unified finish each means. */
const UNIFIED_OF: Record<string, FinishReason['unified']> = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  max_tokens: 'length',
  model_context_window_exceeded: 'length',
  tool_use: 'tool_calls',
  refusal: 'content_filter',
  pause_turn: 'other',
};

/**
 * Anthropic's stop_reason for a canonical finish; an Anthropic upstream's own word is kept unless
 * the gateway changed what the finish means (a forced answer tool's `tool_use` is a `stop`).
 */
export function anthropicStopReason(reason: FinishReason): string {
  if (reason.raw && UNIFIED_OF[reason.raw] === reason.unified) return reason.raw;
  return BY_UNIFIED[reason.unified];
}
