import type { ReasoningPart, ReasoningSource, StreamEvent } from '../../types/chat';
import type { ReasoningDetailWire } from './wire';

// OpenRouter's `reasoning_details` (https://openrouter.ai/docs/guides/best-practices/reasoning-tokens):
// the one OpenAI-compatible shape that carries reasoning's opaque forms. Read from OpenRouter
// answers, sent back to OpenRouter, and spoken by the OpenAI chat dialect so its clients round-trip
// signatures and encrypted reasoning the same way they would with OpenRouter.

/** OpenRouter's `format` names the family that minted a detail; the gateway's source is that family. */
const SOURCE_OF_FORMAT: Readonly<Record<string, ReasoningSource>> = {
  'anthropic-claude-v1': 'anthropic',
  'google-gemini-v1': 'gemini',
  'openai-responses-v1': 'openai',
  'azure-openai-responses-v1': 'openai',
};

/**
 * The format a part goes out with. Claude on Bedrock is Claude's thinking format (OpenRouter itself
 * reports its Bedrock-served Claude as `anthropic-claude-v1`).
 */
const FORMAT_OF_SOURCE: Readonly<Record<ReasoningSource, string>> = {
  anthropic: 'anthropic-claude-v1',
  bedrock: 'anthropic-claude-v1',
  gemini: 'google-gemini-v1',
  openai: 'openai-responses-v1',
};

export const sourceOfFormat = (format: string | null | undefined): ReasoningSource | undefined =>
  format ? SOURCE_OF_FORMAT[format] : undefined;

export const formatOfSource = (source: ReasoningSource | undefined): string => (source ? FORMAT_OF_SOURCE[source] : 'unknown');

/**
 * Details as canonical parts. Pieces of one detail share its `index` (a streamed Claude thought
 * arrives as text pieces, then its signature in a piece of its own); a client that kept the pieces
 * as they streamed sends them back that way, so they are joined again before becoming a part.
 */
export function partsOfDetails(details: readonly ReasoningDetailWire[]): ReasoningPart[] {
  const joined: ReasoningDetailWire[] = [];
  for (const d of details) {
    const last = joined.at(-1);
    if (last && typeof d.index === 'number' && last.index === d.index && last.type === d.type) {
      joined[joined.length - 1] = {
        ...last,
        text: (last.text ?? '') + (d.text ?? ''),
        summary: (last.summary ?? '') + (d.summary ?? ''),
        data: d.data || last.data,
        signature: d.signature || last.signature,
        format: d.format ?? last.format,
      };
    } else joined.push(d);
  }
  return joined.flatMap((d) => partOfDetail(d) ?? []);
}

/** One detail as a canonical part; a detail of a type OpenRouter has not documented carries nothing. */
function partOfDetail(d: ReasoningDetailWire): ReasoningPart | undefined {
  const source = sourceOfFormat(d.format);
  const withSource = (part: ReasoningPart): ReasoningPart => (source && (part.signature || part.redacted) ? { ...part, source } : part);
  switch (d.type) {
    case 'reasoning.text':
      return withSource({ text: d.text ?? '', ...(d.signature ? { signature: d.signature } : {}) });
    case 'reasoning.summary':
      return { text: d.summary ?? '' };
    case 'reasoning.encrypted':
      return d.data ? withSource({ text: '', redacted: d.data }) : undefined;
    default:
      return undefined;
  }
}

/** Canonical parts as `reasoning_details`, in order, each naming its format. */
export function detailsOfParts(parts: readonly ReasoningPart[]): Record<string, unknown>[] {
  return parts.map((p, index) => {
    const format = formatOfSource(p.source);
    if (p.redacted !== undefined) return { type: 'reasoning.encrypted', data: p.redacted, format, index };
    return { type: 'reasoning.text', text: p.text, ...(p.signature !== undefined ? { signature: p.signature } : {}), format, index };
  });
}

/**
 * A streamed delta's details as events. Their text repeats the delta's `reasoning` string when it
 * has one (OpenRouter sends both), so text is taken from them only when `textElsewhere` is false;
 * a signature or encrypted data closes the open part.
 */
export function detailEvents(index: number, details: readonly ReasoningDetailWire[], textElsewhere: boolean, out: StreamEvent[], formats: Map<number, string>): void {
  for (const d of details) {
    const text = d.type === 'reasoning.summary' ? d.summary : d.type === 'reasoning.text' ? d.text : undefined;
    if (text && !textElsewhere) out.push({ type: 'reasoning-delta', index, text });
    // The piece that carries a signature may leave out the format its text pieces named.
    if (d.format) formats.set(index, d.format);
    const source = sourceOfFormat(d.format ?? formats.get(index));
    if (d.type === 'reasoning.text' && d.signature) out.push({ type: 'reasoning-end', index, signature: d.signature, ...(source ? { source } : {}) });
    if (d.type === 'reasoning.encrypted' && d.data) out.push({ type: 'reasoning-end', index, redacted: d.data, ...(source ? { source } : {}) });
  }
}
