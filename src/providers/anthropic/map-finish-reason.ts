import type { FinishReason } from '../../types/chat';
import { finishReasonMapper } from '../finish-reason';

const UNIFIED: Record<string, FinishReason['unified']> = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  max_tokens: 'length',
  model_context_window_exceeded: 'length',
  tool_use: 'tool_calls',
  refusal: 'content_filter',
};

/** Anthropic's `stop_reason`; `pause_turn` and anything newer become `other`, raw kept. */
export const mapFinishReason = finishReasonMapper(UNIFIED);
