import { finite, isObject, nullishString } from '../plain-checks';
import type { ChatChunkWire, ChatCompletionWire } from './wire';

// Hand checks of the wire shapes nearly every OpenAI-compatible answer has, for the hot paths; what
// they do not take goes through the schemas in ./wire, which stay the one definition of valid.


/**
 * The chunk nearly every event of a stream is: text, reasoning text or tool-call fragments in each
 * choice's delta, no reasoning details, no usage. Checked here field by field, as `chatChunkSchema`
 * checks those fields, because the schema's parse is most of a chunk's translation cost (~9 µs of
 * ~15 µs per event in workerd in the real mix; 1.1-1.9 µs alone). Anything else (or anything odd)
 * returns undefined and goes through the schema.
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
    if (!isObject(delta) || !nullishString(delta.content) || !nullishString(delta.reasoning_content) || !nullishString(delta.reasoning)) return undefined;
    if (delta.reasoning_details != null || !(delta.tool_calls == null || plainToolCallDeltas(delta.tool_calls))) return undefined;
  }
  return json as ChatChunkWire;
}

/** A delta's tool-call fragments: every field may be missing (Mistral sends no `index`). */
function plainToolCallDeltas(calls: unknown): boolean {
  if (!Array.isArray(calls)) return false;
  for (const call of calls) {
    if (!isObject(call) || !(call.index == null || finite(call.index)) || !nullishString(call.id)) return false;
    const fn = call.function;
    if (fn != null && !(isObject(fn) && nullishString(fn.name) && nullishString(fn.arguments))) return false;
  }
  return true;
}

/**
 * A chat completion as nearly every answer is: each choice's message from the assistant with its
 * content (a string or null), its reasoning text and tool calls if any, no reasoning details, and
 * usage with its three counts or none. Checked here as `chatCompletionSchema` checks those fields,
 * because in workerd, where zod cannot compile its parsers, that schema's parse was 9 % of a
 * non-streamed request's CPU profile samples (as much as the client request's own parse). Anything
 * else (a tool call without its `type`, which the schema defaults) returns undefined, for the schema.
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
    if (!nullishString(message.reasoning_content) || !nullishString(message.reasoning) || message.reasoning_details != null) return undefined;
    if (!(message.tool_calls === undefined || plainToolCalls(message.tool_calls))) return undefined;
  }
  return json as ChatCompletionWire;
}

/** A message's whole tool calls, each with its `type` (the schema defaults a missing one). */
function plainToolCalls(calls: unknown): boolean {
  if (!Array.isArray(calls)) return false;
  for (const call of calls) {
    if (!isObject(call) || typeof call.id !== 'string' || call.type !== 'function') return false;
    const fn = call.function;
    if (!isObject(fn) || typeof fn.name !== 'string' || typeof fn.arguments !== 'string') return false;
  }
  return true;
}
