import type { ChatChunkWire } from './wire';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const nullishString = (v: unknown) => v == null || typeof v === 'string';

/**
 * The chunk almost every event of a stream is: text (or nothing) in each choice's delta, no tool
 * calls, no reasoning, no usage. Checked here field by field, as `chatChunkSchema` checks those
 * fields, because the schema's parse is most of a chunk's translation cost (~9 µs of ~15 µs per
 * event in workerd). Anything else (or anything odd) returns undefined and goes through the schema,
 * which stays the one definition of what a valid chunk is.
 */
export function plainChunk(json: unknown): ChatChunkWire | undefined {
  if (!isObject(json) || typeof json.id !== 'string' || typeof json.model !== 'string') return undefined;
  if (typeof json.created !== 'number' || !Number.isFinite(json.created) || json.usage != null) return undefined;
  const choices = json.choices;
  if (!Array.isArray(choices)) return undefined;
  for (const choice of choices) {
    if (!isObject(choice) || typeof choice.index !== 'number' || !Number.isFinite(choice.index)) return undefined;
    if (!nullishString(choice.text) || !nullishString(choice.finish_reason)) return undefined;
    const delta = choice.delta;
    if (!isObject(delta) || !nullishString(delta.content)) return undefined;
    if (delta.tool_calls != null || delta.reasoning_content != null || delta.reasoning != null || delta.reasoning_details != null) return undefined;
  }
  return json as ChatChunkWire;
}
