import { GatewayError } from '../../errors/gateway-error';
import type { ReasoningPart } from '../../types/chat';

// A Responses `reasoning` item has one opaque field, `encrypted_content`, which the client sends back
// untouched on the next turn. An OpenAI upstream's own encrypted content goes there as is; the
// opaque forms of another family (an Anthropic thinking signature, a redacted_thinking block) ride
// in a Heimdall envelope, so a Responses client can continue an Anthropic, Gemini or Bedrock tool
// loop with its reasoning intact.

const PREFIX = 'heimdall.reasoning.v1.';
const SOURCES = new Set(['anthropic', 'gemini', 'openai', 'bedrock']);

/** The part's opaque forms as one `encrypted_content` string; undefined when it has none. */
export function sealReasoning(part: ReasoningPart): string | undefined {
  if (part.signature === undefined && part.redacted === undefined) return undefined;
  if (part.source === 'openai' && part.signature === undefined) return part.redacted;
  const json = JSON.stringify({ signature: part.signature, redacted: part.redacted, source: part.source });
  let binary = '';
  // Byte by byte: a spread of a long signature's bytes would overflow the argument limit.
  for (const byte of new TextEncoder().encode(json)) binary += String.fromCharCode(byte);
  return PREFIX + btoa(binary);
}

/** `encrypted_content` back into opaque forms: an envelope of ours, or an OpenAI upstream's own. */
export function openReasoning(encrypted: string, param: string): Pick<ReasoningPart, 'signature' | 'redacted' | 'source'> {
  if (!encrypted.startsWith(PREFIX)) return { redacted: encrypted, source: 'openai' };
  try {
    const bytes = Uint8Array.from(atob(encrypted.slice(PREFIX.length)), (c) => c.charCodeAt(0));
    const v = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
    const str = (x: unknown) => (typeof x === 'string' ? x : undefined);
    const source = str(v.source);
    return {
      ...(str(v.signature) !== undefined && { signature: str(v.signature) }),
      ...(str(v.redacted) !== undefined && { redacted: str(v.redacted) }),
      ...(source !== undefined && SOURCES.has(source) && { source: source as ReasoningPart['source'] }),
    };
  } catch {
    throw GatewayError.invalidRequest(`${param} is not encrypted content this gateway issued`, 'invalid_encrypted_content', param);
  }
}
