import type { ServerResponse } from 'node:http';
import type { Plan, Turn } from './tool-loop';
import { pieces, textOf } from './tool-loop-text';

// The scripted model on OpenAI's Responses API. Answers are the recorded
// azure-responses/azure-text.1.json with the output swapped (Azure's `content_filters` removed:
// OpenAI sends none); streamed, the recorded event sequence (response.created, .in_progress,
// output_item.added, content_part.added, output_text.delta/.done, content_part.done,
// output_item.done, response.completed, each with its sequence_number). A function call is an
// output item `{type: function_call, id, call_id, name, arguments, status}` streamed as
// response.function_call_arguments.delta/.done, per OpenAI's API reference.

type Body = Record<string, unknown>;
interface Item {
  type?: string;
  role?: string;
  content?: unknown;
  output?: unknown;
}

export function readResponsesTurn(body: Body): Turn {
  const input: Item[] = typeof body.input === 'string' ? [{ role: 'user', content: body.input }] : Array.isArray(body.input) ? body.input : [];
  // Codex also offers `namespace` and hosted (`web_search`) tools: only functions are the model's to call.
  const tools = (Array.isArray(body.tools) ? body.tools : [])
    .filter((t: { type?: string }) => t.type === 'function')
    .map((t: { name: string; parameters?: unknown }) => ({ name: t.name, schema: t.parameters ?? {} }));
  const results: string[] = [];
  for (let i = input.length - 1; i >= 0 && input[i]!.type === 'function_call_output'; i--) results.unshift(textOf(input[i]!.output));
  const format = (body.text as { format?: { type?: string; schema?: unknown } } | undefined)?.format;
  const choice = body.tool_choice as string | { type?: string; name?: string } | undefined;
  return {
    tools,
    toolResult: results.length > 0 ? results.join('\n') : undefined,
    userText: input.filter((i) => i.role === 'user').map((i) => textOf(i.content)).join('\n'),
    jsonSchema: format?.type === 'json_schema' ? (format.schema ?? {}) : format?.type === 'json_object' ? {} : undefined,
    forcedTool: typeof choice === 'object' ? choice.name : choice === 'required' ? tools[0]?.name : undefined,
  };
}

let calls = 0;
const sseEvent = (event: Body) => `event: ${String(event.type)}\ndata: ${JSON.stringify(event)}\n\n`;

export function writeResponses(plan: Plan, body: Body, res: ServerResponse, fixtures: (path: string) => string): void {
  const n = String(++calls).padStart(6, '0');
  const recorded = JSON.parse(fixtures('azure-responses/azure-text.1.json')) as Body;
  delete recorded.content_filters;
  const response = { ...recorded, id: `resp_toolloop${n}`, model: body.model, store: body.store ?? true, tools: body.tools ?? [] };
  const item =
    'call' in plan
      ? { id: `fc_toolloop${n}`, type: 'function_call', status: 'completed', arguments: JSON.stringify(plan.call.args), call_id: `call_toolloop${n}`, name: plan.call.name }
      : { id: `msg_toolloop${n}`, type: 'message', status: 'completed', content: [{ type: 'output_text', annotations: [], logprobs: [], text: plan.text }], role: 'assistant' };
  const done = { ...response, output: [item] };
  if (body.stream !== true) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(done));
    return;
  }
  const open = { ...response, status: 'in_progress', completed_at: null, output: [], usage: null };
  const events: Body[] = [
    { type: 'response.created', response: open },
    { type: 'response.in_progress', response: open },
  ];
  const at = { item_id: item.id, output_index: 0 };
  if (item.type === 'function_call') {
    const args = item.arguments as string;
    events.push({ type: 'response.output_item.added', output_index: 0, item: { ...item, status: 'in_progress', arguments: '' } });
    for (const piece of pieces(args)) events.push({ type: 'response.function_call_arguments.delta', ...at, delta: piece });
    events.push({ type: 'response.function_call_arguments.done', ...at, arguments: args });
  } else {
    const text = (plan as { text: string }).text;
    const part = { type: 'output_text', annotations: [], logprobs: [], text: '' };
    events.push({ type: 'response.output_item.added', output_index: 0, item: { ...item, status: 'in_progress', content: [] } });
    events.push({ type: 'response.content_part.added', ...at, content_index: 0, part });
    for (const piece of pieces(text)) events.push({ type: 'response.output_text.delta', ...at, content_index: 0, delta: piece, logprobs: [] });
    events.push({ type: 'response.output_text.done', ...at, content_index: 0, text, logprobs: [] });
    events.push({ type: 'response.content_part.done', ...at, content_index: 0, part: { ...part, text } });
  }
  events.push({ type: 'response.output_item.done', output_index: 0, item });
  events.push({ type: 'response.completed', response: done });
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  events.forEach((event, sequence_number) => res.write(sseEvent({ type: event.type, sequence_number, ...event })));
  res.end();
}
