import { finite, isObject, nullishString } from '../plain-checks';
import type { GenerateContentResponseWire } from './wire';

const nullishFinite = (v: unknown) => v == null || finite(v);
const nullishBoolean = (v: unknown) => v == null || typeof v === 'boolean';

/**
 * A GenerateContentResponse as nearly every answer and stream chunk is: candidates whose parts
 * are text or thought text (with their signatures), usage counts, no prompt feedback and no
 * function calls. Checked here as `generateContentResponseSchema` checks those fields, because in workerd, where zod cannot
 * compile its parsers, the schema's parse is most of a chunk's translation. Anything else returns
 * undefined and goes through the schema.
 */
export function plainGenerateContent(json: unknown): GenerateContentResponseWire | undefined {
  if (!isObject(json) || json.promptFeedback != null || !nullishString(json.modelVersion) || !nullishString(json.responseId)) return undefined;
  const usage = json.usageMetadata;
  if (usage != null) {
    if (!isObject(usage) || !nullishFinite(usage.promptTokenCount) || !nullishFinite(usage.candidatesTokenCount) || !nullishFinite(usage.totalTokenCount)) return undefined;
    if (!nullishFinite(usage.thoughtsTokenCount) || !nullishFinite(usage.cachedContentTokenCount)) return undefined;
  }
  const candidates = json.candidates;
  if (candidates == null) return json as GenerateContentResponseWire;
  if (!Array.isArray(candidates)) return undefined;
  for (const candidate of candidates) {
    if (!isObject(candidate) || !nullishFinite(candidate.index) || !nullishString(candidate.finishReason)) return undefined;
    const content = candidate.content;
    if (content == null) continue;
    if (!isObject(content) || !nullishString(content.role)) return undefined;
    const parts = content.parts;
    if (parts == null) continue;
    if (!Array.isArray(parts)) return undefined;
    for (const part of parts) {
      if (!isObject(part) || !nullishString(part.text) || !nullishBoolean(part.thought) || !nullishString(part.thoughtSignature) || part.functionCall != null) return undefined;
    }
  }
  return json as GenerateContentResponseWire;
}
