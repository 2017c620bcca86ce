import type { FinishReason } from '../../types/chat';

const UNIFIED: Record<string, FinishReason['unified']> = {
  stop: 'stop',
  length: 'length',
  tool_calls: 'tool_calls',
  function_call: 'tool_calls',
  content_filter: 'content_filter',
};

export function mapFinishReason(raw: string | null | undefined): FinishReason {
  return { unified: (raw && UNIFIED[raw]) || 'other', raw: raw ?? null };
}
