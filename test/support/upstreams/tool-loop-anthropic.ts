import type { ServerResponse } from 'node:http';
import type { Plan, Turn } from './tool-loop';
import { pieces, textOf } from './tool-loop-text';

// The scripted model on Anthropic's Messages API. Answers are the recorded
// anthropic/anthropic-tool-no-args.json (a tool call) and anthropic-text.json (text) with the
// content swapped; streamed, the events of the recorded anthropic-*.chunks.txt: message_start,
// a content block (text_delta pieces, or a tool_use block whose input arrives as input_json_delta
// pieces), message_delta with the stop reason, message_stop.

type Body = Record<string, unknown>;
interface Block {
  type?: string;
  text?: string;
  content?: unknown;
}
interface Message {
  role?: string;
  content?: string | Block[];
}

export function readAnthropicTurn(body: Body): Turn {
  const messages = (Array.isArray(body.messages) ? body.messages : []) as Message[];
  // Server tools (web_search_…) carry a `type` and no input_schema: not the scripted model's to call.
  const tools = (Array.isArray(body.tools) ? body.tools : [])
    .filter((t: { input_schema?: unknown }) => t.input_schema !== undefined)
    .map((t: { name: string; input_schema: unknown }) => ({ name: t.name, schema: t.input_schema }));
  const last = messages.at(-1);
  const results = Array.isArray(last?.content) ? last.content.filter((b) => b.type === 'tool_result').map((b) => textOf(b.content)) : [];
  const userText = messages
    .filter((m) => m.role === 'user')
    .map((m) => (typeof m.content === 'string' ? m.content : textOf((m.content ?? []).filter((b) => b.type === 'text'))))
    .join('\n');
  // Structured output: output_config.format (GA) or the beta's top-level output_format.
  const format = ((body.output_config as Body | undefined)?.format ?? body.output_format) as { type?: string; schema?: unknown } | undefined;
  const choice = body.tool_choice as { type?: string; name?: string } | undefined;
  return {
    tools,
    toolResult: results.length > 0 ? results.join('\n') : undefined,
    userText,
    jsonSchema: format?.type === 'json_schema' ? (format.schema ?? {}) : undefined,
    forcedTool: choice?.type === 'tool' ? choice.name : choice?.type === 'any' ? tools[0]?.name : undefined,
  };
}

let calls = 0;
const sseEvent = (event: Body) => `event: ${String(event.type)}\ndata: ${JSON.stringify(event)}\n\n`;

export function writeAnthropic(plan: Plan, body: Body, res: ServerResponse, fixtures: (path: string) => string): void {
  const tool = 'call' in plan ? { id: `toolu_toolloop${String(++calls).padStart(6, '0')}`, name: plan.call.name, input: plan.call.args } : undefined;
  const stopReason = tool ? 'tool_use' : 'end_turn';
  if (body.stream !== true) {
    const answer = JSON.parse(fixtures(tool ? 'anthropic/anthropic-tool-no-args.json' : 'anthropic/anthropic-text.json')) as Body;
    answer.model = body.model;
    answer.content = tool ? [{ type: 'tool_use', ...tool }] : [{ type: 'text', text: (plan as { text: string }).text }];
    answer.stop_reason = stopReason;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(answer));
    return;
  }
  const recorded = fixtures(tool ? 'anthropic/anthropic-tool-no-args.chunks.txt' : 'anthropic/anthropic-text.chunks.txt')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Body);
  const start = recorded.find((e) => e.type === 'message_start')!;
  const delta = recorded.find((e) => e.type === 'message_delta')!;
  const events: Body[] = [{ ...start, message: { ...(start.message as Body), model: body.model } }];
  if (tool) {
    events.push({ type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id: tool.id, name: tool.name, input: {} } });
    for (const piece of pieces(JSON.stringify(tool.input))) events.push({ type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: piece } });
  } else {
    events.push({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } });
    for (const piece of pieces((plan as { text: string }).text)) events.push({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: piece } });
  }
  events.push({ type: 'content_block_stop', index: 0 });
  events.push({ ...delta, delta: { ...(delta.delta as Body), stop_reason: stopReason } });
  events.push({ type: 'message_stop' });
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  for (const event of events) res.write(sseEvent(event));
  res.end();
}
