import type { ChatChunkWire, ChatCompletionWire } from './wire';

// Hand checks of the wire shapes nearly every OpenAI-compatible answer has, for the hot paths; what
// they do not take goes through the schemas in ./wire, which stay the one definition of valid.

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const nullishString = (v: unknown) => v == null || typeof v === 'string';
const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/**
 * The chunk almost every event of a stream is: text (or nothing) in each choice's delta, no tool
 * calls, no reasoning, no usage. Checked here field by field, as `chatChunkSchema` checks those
 * fields, because the schema's parse is most of a chunk's translation cost (~9 µs of ~15 µs per
 * event in workerd). Anything else (or anything odd) returns undefined and goes through the schema,
 * which stays the one definition of what a valid chunk is.
 */
export function plainChunk(json: unknown): ChatChunkWire | undefined {
  if (!isObject(json) || typeof json.id !== 'string' || typeof json.model !== 'string') return undefined;
  if (!finite(json.created) || json.usage != null) return undefined;
  const choices = json.choices;
  if (!Array.isArray(choices)) return undefined;
  for (const choice of choices) {
    if (!isObject(choice) || !finite(choice.index)) return undefined;
    if (!nullishString(choice.text) || !nullishString(choice.finish_reason)) return undefined;
    const delta = choice.delta;
    if (!isObject(delta) || !nullishString(delta.content)) return undefined;
    if (delta.tool_calls != null || delta.reasoning_content != null || delta.reasoning != null || delta.reasoning_details != null) return undefined;
  }
  return json as ChatChunkWire;
}

/**
 * A chat completion that answers in text: each choice's message from the assistant with its content
 * (a string or null), no tool calls, no reasoning, and usage with its three counts or none. Checked
 * here as `chatCompletionSchema` checks those fields, because in workerd, where zod cannot compile
 * its parsers, that schema's parse was 9 % of a non-streamed request's CPU profile samples (as much
 * as the client request's own parse). Anything else returns undefined, for the schema.
 */
export function plainCompletion(json: unknown): ChatCompletionWire | undefined {
  if (!isObject(json) || typeof json.id !== 'string' || typeof json.model !== 'string' || !finite(json.created)) return undefined;
  if (!nullishString(json.system_fingerprint) || !nullishString(json.service_tier)) return undefined;
  const usage = json.usage;
  if (usage != null && !(isObject(usage) && finite(usage.prompt_tokens) && finite(usage.completion_tokens) && finite(usage.total_tokens))) return undefined;
  const choices = json.choices;
  if (!Array.isArray(choices)) return undefined;
  for (const choice of choices) {
    if (!isObject(choice) || !finite(choice.index) || choice.text !== undefined || !nullishString(choice.finish_reason) || choice.finish_reason === undefined) return undefined;
    const message = choice.message;
    if (!isObject(message) || message.role !== 'assistant' || !(typeof message.content === 'string' || message.content === null)) return undefined;
    if (message.tool_calls !== undefined || message.reasoning_content != null || message.reasoning != null || message.reasoning_details != null) return undefined;
  }
  return json as ChatCompletionWire;
}
