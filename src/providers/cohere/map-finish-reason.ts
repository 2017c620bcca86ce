import type { FinishReason } from '../../types/chat';
import { finishReasonMapper } from '../finish-reason';

const UNIFIED: Record<string, FinishReason['unified']> = {
  COMPLETE: 'stop',
  STOP_SEQUENCE: 'stop',
  MAX_TOKENS: 'length',
  ERROR_LIMIT: 'length',
  TOOL_CALL: 'tool_calls',
  ERROR_TOXIC: 'content_filter',
  ERROR: 'error',
  TIMEOUT: 'error',
};

export const mapFinishReason = finishReasonMapper(UNIFIED);
