import { ANTHROPIC_UNIFIED } from '../../providers/anthropic/map-finish-reason';
import type { FinishReason } from '../../types/chat';

const BY_UNIFIED: Record<FinishReason['unified'], string> = {
  stop: 'end_turn',
  length: 'max_tokens',
  tool_calls: 'tool_use',
  content_filter: 'refusal',
  error: 'end_turn',
  other: 'end_turn',
};

/**
 * Anthropic's stop_reason for a canonical finish; an Anthropic upstream's own word is kept unless
 * the gateway changed what the finish means (a forced answer tool's `tool_use` is a `stop`).
 */
export function anthropicStopReason(reason: FinishReason): string {
  if (reason.raw && ANTHROPIC_UNIFIED[reason.raw] === reason.unified) return reason.raw;
  return BY_UNIFIED[reason.unified];
}
