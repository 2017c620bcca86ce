import type { FinishReason } from '../../types/chat';

const BY_UNIFIED: Record<FinishReason['unified'], string> = {
  stop: 'end_turn',
  length: 'max_tokens',
  tool_calls: 'tool_use',
  content_filter: 'refusal',
  error: 'end_turn',
  other: 'end_turn',
};

/** Anthropic's stop_reason for a canonical finish; an Anthropic upstream's own word is kept. */
export function anthropicStopReason(reason: FinishReason): string {
  if (reason.raw && ['end_turn', 'max_tokens', 'stop_sequence', 'tool_use', 'pause_turn', 'refusal'].includes(reason.raw)) return reason.raw;
  return BY_UNIFIED[reason.unified];
}
