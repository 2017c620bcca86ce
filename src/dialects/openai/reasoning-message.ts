import { detailsOfParts, partsOfDetails } from '../../providers/openai/reasoning-details';
import type { ReasoningDetailWire } from '../../providers/openai/wire';
import type { ChatMessage, ReasoningPart, ToolCall } from '../../types/chat';

// An assistant message's reasoning in the OpenAI chat dialect, both ways: `reasoning_content` (the
// text, as DeepSeek and LiteLLM clients read it) and OpenRouter's `reasoning_details` (the parts
// with their signatures, encrypted data and format), so a client that sends the message back
// unchanged continues a reasoning model's tool loop on any provider.

/** Details win over plain text when both come: they hold the same text plus the opaque forms. */
export function partsOfWireReasoning(details: readonly ReasoningDetailWire[] | null | undefined, text: string | null | undefined): ReasoningPart[] | undefined {
  const parts = partsOfDetails(details ?? []);
  if (parts.length > 0) return parts;
  return text ? [{ text }] : undefined;
}

/** Gemini's signature on a call, where its OpenAI compatibility puts it (`extra_content.google`). */
export const signatureField = (signature: string) => ({ extra_content: { google: { thought_signature: signature } } });

function wireToolCall({ signature, ...tc }: ToolCall): Record<string, unknown> {
  return signature === undefined ? tc : { ...tc, ...signatureField(signature) };
}

/** A canonical message as OpenAI's chat message: canonical-only fields in their wire form. */
export function wireMessage({ reasoning, tool_calls, ...rest }: ChatMessage): Record<string, unknown> {
  const out: Record<string, unknown> = rest;
  if (tool_calls) out.tool_calls = tool_calls.map(wireToolCall);
  if (reasoning?.length) {
    out.reasoning_content = reasoning.map((p) => p.text).join('');
    // Plain text needs no details; any opaque form does.
    if (reasoning.some((p) => p.signature !== undefined || p.redacted !== undefined)) out.reasoning_details = detailsOfParts(reasoning);
  }
  return out;
}
