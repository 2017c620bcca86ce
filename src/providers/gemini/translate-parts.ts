import type { ToolCall } from '../../types/chat';
import type { CandidateWire, FunctionCallWire } from './wire';

/** A function call as an OpenAI tool call: Gemini's own id when it sends one, else `call_<n>`. */
export function toToolCall(call: FunctionCallWire, n: number): ToolCall {
  return { id: call.id || `call_${n}`, type: 'function', function: { name: call.name ?? '', arguments: JSON.stringify(call.args ?? {}) } };
}

/** Answer text and function calls of a candidate, in order; thought summaries are not answer text. */
export function readParts(candidate: CandidateWire): { texts: string[]; calls: FunctionCallWire[] } {
  const texts: string[] = [];
  const calls: FunctionCallWire[] = [];
  for (const part of candidate.content?.parts ?? []) {
    if (part.functionCall) calls.push(part.functionCall);
    else if (part.text && !part.thought) texts.push(part.text);
  }
  return { texts, calls };
}
