import { finite, isObject, nullishString, optionalString } from '../plain-checks';
import type { AnthropicStreamEventWire } from './wire';

/**
 * The events nearly all of a Messages stream is: `content_block_delta` (text, thinking, tool input
 * fragments, signatures), `content_block_stop`, `ping` and `message_stop`, none carrying a message,
 * a content block, usage or an error. Checked here as `streamEventSchema` checks those fields, because in workerd,
 * where zod cannot compile its parsers, the schema's parse is most of an event's translation.
 * Anything else returns undefined and goes through the schema.
 */
export function plainEvent(json: unknown): AnthropicStreamEventWire | undefined {
  if (!isObject(json) || typeof json.type !== 'string' || !(json.index === undefined || finite(json.index))) return undefined;
  if (json.message !== undefined || json.content_block !== undefined || json.usage != null || json.error !== undefined) return undefined;
  const d = json.delta;
  if (d === undefined) return json as AnthropicStreamEventWire;
  if (!isObject(d) || !optionalString(d.type) || !optionalString(d.text) || !optionalString(d.partial_json)) return undefined;
  if (!optionalString(d.thinking) || !optionalString(d.signature) || !nullishString(d.stop_reason)) return undefined;
  return json as AnthropicStreamEventWire;
}
