import type { ServerResponse } from 'node:http';
import { schemaInstance } from './schema-instance';
import { readAnthropicTurn, writeAnthropic } from './tool-loop-anthropic';
import { readChatTurn, unrecognizedChatArguments, writeChat } from './tool-loop-chat';
import { readResponsesTurn, writeResponses } from './tool-loop-responses';

// A scripted model for tool loops, speaking each provider's wire format (OpenAI chat completions,
// OpenAI Responses, Anthropic Messages; JSON and SSE): offered tools and no tool result yet, it
// calls a tool; given a tool result, it answers with text quoting it; asked for JSON (a schema in
// the request or a forced tool), it answers with the smallest value the schema accepts. Like
// api.openai.com, its chat completions refuse fields they do not know. Agents and SDKs run their
// real loops against it. Runs in Node, outside workerd.

/**
 * `tool-loop`, or a real model's name with `-tool-loop` appended (`claude-sonnet-4-5-tool-loop`),
 * which keeps what the gateway and the clients know of that model (structured outputs, strict tools).
 */
export const isToolLoopModel = (model: string) => model === 'tool-loop' || model.endsWith('-tool-loop');

/** What the scripted model reads from a request, whatever its wire format. */
export interface Turn {
  tools: { name: string; schema: unknown }[];
  /** The text of the tool results the last message carries; undefined when it carries none. */
  toolResult: string | undefined;
  /** Every user text in the conversation, searched for a `call <tool> <json>` line. */
  userText: string;
  /** The schema a structured-output request asks for (`{}` for plain JSON mode). */
  jsonSchema: unknown;
  /** A tool the request forces (tool_choice naming one, or any/required: the first). */
  forcedTool: string | undefined;
}

export type Plan = { call: { name: string; args: unknown } } | { text: string };

/** The quoted tool result starts with this, so a test can find it in the final answer. */
export const TOOL_RESULT_QUOTE = 'The tool answered: ';

// `call Bash {"command":"echo heimdall-ok"}` in the prompt picks the tool and its arguments, so a
// test can make an agent run a harmless command of its choosing; otherwise the first tool offered
// is called with the smallest arguments its schema accepts.
const DIRECTIVE = /^call (\S+) (\{.*\})\s*$/m;

export function planTurn(turn: Turn): Plan {
  const call = (name: string): Plan => {
    const tool = turn.tools.find((t) => t.name === name) ?? turn.tools[0]!;
    const directive = DIRECTIVE.exec(turn.userText);
    const args = directive && directive[1] === tool.name ? (JSON.parse(directive[2]!) as unknown) : schemaInstance(tool.schema);
    return { call: { name: tool.name, args } };
  };
  if (turn.forcedTool !== undefined && turn.tools.length > 0) return call(turn.forcedTool);
  if (turn.jsonSchema !== undefined) return { text: JSON.stringify(schemaInstance(turn.jsonSchema)) };
  if (turn.toolResult !== undefined) return { text: `${TOOL_RESULT_QUOTE}${turn.toolResult}` };
  if (turn.tools.length > 0) return call(DIRECTIVE.exec(turn.userText)?.[1] ?? turn.tools[0]!.name);
  return { text: 'No tool was offered, so none was called.' };
}

/** What a request to one of the scripted model's APIs asks of it; undefined for other paths. */
export function readTurn(url: string, body: Record<string, unknown>): Turn | undefined {
  const path = url.split('?')[0]!;
  if (path.endsWith('/messages')) return readAnthropicTurn(body);
  if (path.endsWith('/responses')) return readResponsesTurn(body);
  if (path.endsWith('/chat/completions')) return readChatTurn(body);
  return undefined;
}

/** Answers a request for the scripted model on whichever API its path names. */
export function handleToolLoop(url: string, body: Record<string, unknown>, res: ServerResponse, fixtures: (path: string) => string): void {
  const path = url.split('?')[0]!;
  const turn = readTurn(path, body);
  if (path.endsWith('/messages/count_tokens')) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ input_tokens: Math.ceil(JSON.stringify(body).length / 4) }));
  } else if (turn === undefined) {
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: { message: `the scripted model has no ${path}`, type: 'invalid_request_error', param: null, code: null } }));
  } else if (path.endsWith('/messages')) writeAnthropic(planTurn(turn), body, res, fixtures);
  else if (path.endsWith('/responses')) writeResponses(planTurn(turn), body, res, fixtures);
  else {
    const refused = unrecognizedChatArguments(body);
    if (!refused) return writeChat(planTurn(turn), body, res, fixtures);
    res.writeHead(400, { 'content-type': 'application/json' });
    res.end(JSON.stringify(refused));
  }
}
