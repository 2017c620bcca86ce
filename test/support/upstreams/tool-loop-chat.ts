import type { ServerResponse } from 'node:http';
import type { Plan, Turn } from './tool-loop';
import { pieces, textOf } from './tool-loop-text';

// The scripted model on OpenAI's chat completions. Answers are the recorded
// openai/openai-text.json and .chunks.txt with the message swapped; a tool call has the shape of
// OpenAI's API reference (`tool_calls` with `id`, `type: function`, `function.arguments` as a JSON
// string, `finish_reason: tool_calls`; streamed, the first delta carries id, type and name with
// empty arguments, later deltas only `index` and argument pieces).

type Body = Record<string, unknown>;
interface ChatMessage {
  role?: string;
  content?: unknown;
}

export function readChatTurn(body: Body): Turn {
  const messages = (Array.isArray(body.messages) ? body.messages : []) as ChatMessage[];
  const tools = (Array.isArray(body.tools) ? body.tools : [])
    .filter((t: { type?: string }) => t.type === 'function')
    .map((t: { function: { name: string; parameters?: unknown } }) => ({ name: t.function.name, schema: t.function.parameters ?? {} }));
  // Parallel results are consecutive `tool` messages at the end.
  const results: string[] = [];
  for (let i = messages.length - 1; i >= 0 && messages[i]!.role === 'tool'; i--) results.unshift(textOf(messages[i]!.content));
  const format = body.response_format as { type?: string; json_schema?: { schema?: unknown } } | undefined;
  const choice = body.tool_choice as string | { type?: string; function?: { name?: string } } | undefined;
  return {
    tools,
    toolResult: results.length > 0 ? results.join('\n') : undefined,
    userText: messages.filter((m) => m.role === 'user').map((m) => textOf(m.content)).join('\n'),
    jsonSchema: format?.type === 'json_schema' ? (format.json_schema?.schema ?? {}) : format?.type === 'json_object' ? {} : undefined,
    forcedTool: typeof choice === 'object' ? choice.function?.name : choice === 'required' ? tools[0]?.name : undefined,
  };
}

// The request fields OpenAI's chat completions accept (the openai SDK's ChatCompletionCreateParams,
// 6.49); api.openai.com refuses any other top-level field with a 400, and so does this stand-in.
const CHAT_PARAMS = new Set(
  'messages model audio frequency_penalty function_call functions logit_bias logprobs max_completion_tokens max_tokens metadata modalities moderation n parallel_tool_calls prediction presence_penalty prompt_cache_key prompt_cache_options prompt_cache_retention reasoning_effort response_format safety_identifier seed service_tier stop store stream stream_options temperature tool_choice tools top_logprobs top_p user verbosity web_search_options'.split(' '),
);

/** OpenAI's 400 for fields it does not know (`Unrecognized request argument(s) supplied: …`), or undefined. */
export function unrecognizedChatArguments(body: Body): object | undefined {
  const unknown = Object.keys(body).filter((k) => !CHAT_PARAMS.has(k));
  if (unknown.length === 0) return undefined;
  const message = `Unrecognized request argument${unknown.length > 1 ? 's' : ''} supplied: ${unknown.join(', ')}`;
  return { error: { message, type: 'invalid_request_error', param: null, code: null } };
}

let calls = 0;

export function writeChat(plan: Plan, body: Body, res: ServerResponse, fixtures: (path: string) => string): void {
  const toolCall = 'call' in plan ? { id: `call_toolloop${String(++calls).padStart(6, '0')}`, name: plan.call.name, arguments: JSON.stringify(plan.call.args) } : undefined;
  const finish = toolCall ? 'tool_calls' : 'stop';
  if (body.stream !== true) {
    const answer = JSON.parse(fixtures('openai/openai-text.json')) as Body & { choices: Body[] };
    answer.model = body.model;
    answer.choices = [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: 'text' in plan ? plan.text : null,
          ...(toolCall && { tool_calls: [{ id: toolCall.id, type: 'function', function: { name: toolCall.name, arguments: toolCall.arguments } }] }),
          refusal: null,
          annotations: [],
        },
        logprobs: null,
        finish_reason: finish,
      },
    ];
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(answer));
    return;
  }
  const lines = fixtures('openai/openai-text.chunks.txt').split('\n').filter((l) => l.trim() !== '');
  const first = JSON.parse(lines[0]!) as Body;
  const usage = (JSON.parse(lines.at(-1)!) as { usage: unknown }).usage;
  const withUsage = (body.stream_options as { include_usage?: boolean } | undefined)?.include_usage === true;
  const chunk = (delta: Body, finishReason: string | null = null) => ({
    id: first.id,
    object: 'chat.completion.chunk',
    created: first.created,
    model: body.model,
    service_tier: first.service_tier,
    system_fingerprint: first.system_fingerprint,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    ...(withUsage && { usage: null }),
  });
  const out: unknown[] = [];
  if (toolCall) {
    out.push(chunk({ role: 'assistant', content: null, tool_calls: [{ index: 0, id: toolCall.id, type: 'function', function: { name: toolCall.name, arguments: '' } }], refusal: null }));
    for (const piece of pieces(toolCall.arguments)) out.push(chunk({ tool_calls: [{ index: 0, function: { arguments: piece } }] }));
  } else {
    out.push(chunk({ role: 'assistant', content: '', refusal: null }));
    for (const piece of pieces((plan as { text: string }).text)) out.push(chunk({ content: piece }));
  }
  out.push(chunk({}, finish));
  if (withUsage) out.push({ ...chunk({}), choices: [], usage });
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  for (const c of out) res.write(`data: ${JSON.stringify(c)}\n\n`);
  res.end('data: [DONE]\n\n');
}
