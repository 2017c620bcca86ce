import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { resolve } from 'node:path';

// OpenAI chat completions with a function tool: a recorded tool call answer while the last message
// is not a tool result, then the recorded text answer once the conversation carries one (a round trip).

const TOOL_CALL = readFileSync(resolve(import.meta.dirname, '../../fixtures/providers/openai/openai-tool-call.json'), 'utf8');

export const TOOL_CALL_MODEL = 'tool-call';

export function handleOpenAITools(body: Record<string, unknown>, res: ServerResponse, textAnswer: string): void {
  const messages = Array.isArray(body.messages) ? (body.messages as { role?: string }[]) : [];
  const answered = messages.at(-1)?.role === 'tool';
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(answered ? textAnswer : TOOL_CALL);
}
