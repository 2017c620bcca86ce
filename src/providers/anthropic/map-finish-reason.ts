import type { FinishReason } from '../../types/chat';
import { finishReasonMapper } from '../finish-reason';

/** Anthropic's stop_reason words and the unified finish each means (the dialect reads it too). */
export const ANTHROPIC_UNIFIED: Readonly<Record<string, FinishReason['unified']>> = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  max_tokens: 'length',
  model_context_window_exceeded: 'length',
  tool_use: 'tool_calls',
  refusal: 'content_filter',
  // A server tool's long turn paused: the client continues it; nothing unified says so.
  pause_turn: 'other',
};

/** Anthropic's `stop_reason`; anything newer becomes `other`, raw kept. */
export const mapFinishReason = finishReasonMapper(ANTHROPIC_UNIFIED);
