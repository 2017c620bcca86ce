import type { ReasoningPart, ToolCall } from '../../types/chat';
import type { CandidateWire, FunctionCallWire } from './wire';

/** A function call as an OpenAI tool call: Gemini's own id when it sends one, else `call_<n>`. */
export function toToolCall(call: FunctionCallWire, n: number, signature?: string | null): ToolCall {
  return {
    id: call.id || `call_${n}`,
    type: 'function',
    function: { name: call.name ?? '', arguments: JSON.stringify(call.args ?? {}) },
    ...(signature ? { signature } : {}),
  };
}

export interface SignedCall {
  call: FunctionCallWire;
  /** The functionCall part's `thoughtSignature`: Gemini 3 needs it back with the call. */
  signature?: string;
}

/**
 * Answer text, reasoning and function calls of a candidate, in order. Thought parts (includeThoughts)
 * are reasoning text; a signature on a text part is a reasoning part of its own (the model's hidden
 * reasoning behind that text), sent back next turn.
 */
export function readParts(candidate: CandidateWire): { texts: string[]; calls: SignedCall[]; reasoning: ReasoningPart[] } {
  const texts: string[] = [];
  const calls: SignedCall[] = [];
  const reasoning: ReasoningPart[] = [];
  for (const part of candidate.content?.parts ?? []) {
    const signature = part.thoughtSignature ?? undefined;
    if (part.functionCall) {
      calls.push(signature ? { call: part.functionCall, signature } : { call: part.functionCall });
      continue;
    }
    if (part.thought) {
      reasoning.push({ text: part.text ?? '', ...(signature ? { signature, source: 'gemini' as const } : {}) });
      continue;
    }
    if (part.text) texts.push(part.text);
    if (signature) reasoning.push({ text: '', signature, source: 'gemini' });
  }
  return { texts, calls, reasoning };
}
