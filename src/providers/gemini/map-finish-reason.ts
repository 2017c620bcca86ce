import type { FinishReason } from '../../types/chat';
import { finishReasonMapper } from '../finish-reason';

// Every reason Gemini gives for withheld output counts as a content filter.
const UNIFIED: Record<string, FinishReason['unified']> = {
  STOP: 'stop',
  MAX_TOKENS: 'length',
  SAFETY: 'content_filter',
  RECITATION: 'content_filter',
  BLOCKLIST: 'content_filter',
  PROHIBITED_CONTENT: 'content_filter',
  SPII: 'content_filter',
  IMAGE_SAFETY: 'content_filter',
  IMAGE_PROHIBITED_CONTENT: 'content_filter',
  IMAGE_RECITATION: 'content_filter',
};

/** Gemini says STOP after a function call too; the unified reason says what the client must do next. */
export function mapFinishReason(raw: string | null | undefined, hasToolCalls: boolean): FinishReason {
  if (raw === 'STOP' && hasToolCalls) return { unified: 'tool_calls', raw };
  return fromTable(raw);
}

const fromTable = finishReasonMapper(UNIFIED);
