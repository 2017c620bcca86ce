import type { Attempt } from '../../src/facts/attempt';
import { sentMessages, sentParams, type TraceSpan } from '../../src/tracing/request-trace';
import type { ChatMessage, TextPart } from '../../src/types/chat';
import type { CommitLog } from './commit-log';
import type { MaximHeaders } from './maxim-headers';

// One finished request as Maxim commit logs, the way Bifrost's plugin drives Maxim's SDK: a trace
// (named by `x-bf-maxim-trace-name`, else `bifrost_<request type>`; in the session of
// `x-bf-maxim-session-id`; input = the last message) holding one generation per attempt, each with
// its messages, parameters and result or error, then the trace's output and end. Bifrost makes one
// generation per request; here a fallback gets its own, so Maxim shows what each provider answered.
// With `x-bf-maxim-generation-id` the caller owns the generation: as in Bifrost, only the answering
// attempt's result and the tags are added to it, and the caller's trace (if named) is ended.

interface Generation {
  llm: Readonly<Attempt>;
  start: number;
  end: number;
}

const iso = (ms: number) => new Date(ms).toISOString();

export function requestCommitLogs(spans: readonly TraceSpan[], headers: MaximHeaders, newId: () => string): CommitLog[] {
  const request = spans[0]!;
  const generations: Generation[] = spans.flatMap((s) =>
    // Maxim generations are chat completions (as Bifrost logs them); embeddings are not sent.
    s.facts.type === 'attempt' && s.facts.attempt.kind === 'chat' ? [{ llm: s.facts.attempt, start: s.start, end: s.end }] : [],
  );
  const last = generations.at(-1);
  if (!last) return [];
  // Bifrost tags the trace and generation with the model that answered.
  const tags = { ...headers.tags, model: last.llm.responseModel ?? last.llm.model };
  const logs: CommitLog[] = [];

  if (headers.generationId) {
    logs.push(...result(headers.generationId, last, newId));
    for (const [key, value] of Object.entries(tags)) logs.push({ entity: 'generation', id: headers.generationId, action: 'update', data: { tags: { [key]: value } } });
    if (headers.traceId) {
      for (const [key, value] of Object.entries(tags)) logs.push({ entity: 'trace', id: headers.traceId, action: 'update', data: { tags: { [key]: value } } });
      logs.push({ entity: 'trace', id: headers.traceId, action: 'end', data: { endTimestamp: iso(request.end) } });
    }
    return logs;
  }

  const traceId = headers.traceId ?? newId();
  const trace = (action: CommitLog['action'], data: Record<string, unknown>) => logs.push({ entity: 'trace', id: traceId, action, data });
  const first = generations[0]!.llm;
  const name = headers.traceName ?? `bifrost_${first.stream ? 'chat_completion_stream' : 'chat_completion'}`;
  trace('create', { name, tags, startTimestamp: iso(request.start), ...(headers.sessionId ? { sessionId: headers.sessionId } : {}) });
  trace('update', { input: lastMessageText(sentMessages(first)) });
  for (const g of generations) {
    const id = newId();
    trace('add-generation', {
      id,
      messages: sentMessages(g.llm),
      ...(headers.generationName ? { name: headers.generationName } : {}),
      tags,
      startTimestamp: iso(g.start),
      provider: g.llm.provider,
      model: g.llm.model,
      modelParameters: sentParams(g.llm),
    });
    logs.push(...result(id, g, newId));
  }
  if (!last.llm.error) trace('update', { output: last.llm.outputText });
  trace('end', { endTimestamp: iso(request.end) });
  return logs;
}

/** A generation's result (an OpenAI chat completion, as Maxim's SDK takes it) or error, then its end. */
function result(id: string, g: Generation, newId: () => string): CommitLog[] {
  const { llm } = g;
  const data = llm.error
    ? { result: { error: { message: llm.error.message, code: String(llm.error.status), type: llm.error.type }, id: newId() } }
    : { result: chatCompletion(id, g) };
  return [
    { entity: 'generation', id, action: 'result', data },
    { entity: 'generation', id, action: 'end', data: { endTimestamp: iso(g.end) } },
  ];
}

function chatCompletion(generationId: string, { llm, end }: Generation) {
  const model = llm.responseModel ?? llm.model;
  const usage = llm.usage && { prompt_tokens: llm.usage.input, completion_tokens: llm.usage.output, total_tokens: llm.usage.total };
  // An answer from a plugin (a cache hit, the mocker) paid no provider: no cost to report.
  const cost = llm.cost !== undefined && llm.costSplit && !llm.answeredBy ? { ...llm.costSplit, total: llm.cost } : undefined;
  return {
    id: llm.responseId ?? generationId,
    object: 'chat.completion',
    created: Math.floor(end / 1000),
    model,
    choices: [{ index: 0, message: { role: 'assistant', content: llm.outputText }, logprobs: null, finish_reason: llm.finishReasons[0] ?? 'stop' }],
    ...(usage ? { usage } : {}),
    ...(cost !== undefined ? { cost } : {}),
  };
}

/** The trace's input, as Bifrost sets it: the last message's text (its last text part). */
function lastMessageText(messages: readonly ChatMessage[]): string {
  const content = messages.at(-1)?.content;
  if (typeof content === 'string') return content;
  return content?.findLast((p): p is TextPart => p.type === 'text')?.text ?? '-';
}
