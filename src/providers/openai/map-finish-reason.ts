import type { FinishReason } from '../../types/chat';
import { finishReasonMapper } from '../finish-reason';

const UNIFIED: Record<string, FinishReason['unified']> = {
  stop: 'stop',
  length: 'length',
  tool_calls: 'tool_calls',
  function_call: 'tool_calls',
  content_filter: 'content_filter',
};

export const mapFinishReason = finishReasonMapper(UNIFIED);
