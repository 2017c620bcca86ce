import type { FinishReason } from '../../types/chat';
import { finishReasonMapper } from '../finish-reason';

const UNIFIED: Record<string, FinishReason['unified']> = {
  end_turn: 'stop',
  stop_sequence: 'stop',
  max_tokens: 'length',
  model_context_window_exceeded: 'length',
  tool_use: 'tool_calls',
  guardrail_intervened: 'content_filter',
  content_filtered: 'content_filter',
};

/** Converse's `stopReason` in the canonical words, keeping Bedrock's own. */
export const mapFinishReason = finishReasonMapper(UNIFIED);
