import { describe, expect, it } from 'vitest';
import type { Attempt } from '../../src/facts/attempt';
import { buildRequestTrace } from '../../src/tracing/request-trace';
import type { ChatMessage } from '../../src/types/chat';
import { attemptOf, chatRequest, finishedOf } from '../../test/support/finished';
import { serializeCommitLog } from './commit-log';
import { readMaximHeaders } from './maxim-headers';
import { requestCommitLogs } from './request-logs';

// What @maximai/maxim-js 6.29.2 pushed, run inside workerd, for the same trace made with its own
// logger (trace with session and tags, input, a generation that failed, one that answered, output,
// end). Three values are the SDK's own making and were put back to ours: the error result's random
// id, and each generation's end, which the SDK stamps with the time result()/error() is called.
const SDK_BODY = `trace{id=trace-1,action=create,data={"name":"bifrost_chat_completion","tags":{"team":"a","model":"acme-2"},"startTimestamp":"2026-01-02T03:04:05.000Z","sessionId":"sess-1"}}
trace{id=trace-1,action=update,data={"input":"hi"}}
trace{id=trace-1,action=add-generation,data={"id":"gen-1","messages":[{"role":"system","content":"be brief"},{"role":"user","content":[{"type":"text","text":"hi"}]}],"name":"g","tags":{"team":"a","model":"acme-2"},"startTimestamp":"2026-01-02T03:04:05.000Z","provider":"openai","model":"acme-1","modelParameters":{"temperature":0.2}}}
generation{id=gen-1,action=result,data={"result":{"error":{"message":"boom","code":"500","type":"server_error"},"id":"err-1"}}}
generation{id=gen-1,action=end,data={"endTimestamp":"2026-01-02T03:04:06.000Z"}}
trace{id=trace-1,action=add-generation,data={"id":"gen-2","messages":[{"role":"system","content":"be brief"},{"role":"user","content":[{"type":"text","text":"hi"}]}],"name":"g","tags":{"team":"a","model":"acme-2"},"startTimestamp":"2026-01-02T03:04:06.250Z","provider":"groq","model":"acme-2","modelParameters":{"temperature":0.2}}}
generation{id=gen-2,action=result,data={"result":{"id":"chatcmpl-1","object":"chat.completion","created":1767323047,"model":"acme-2","choices":[{"index":0,"message":{"role":"assistant","content":"hello"},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4}}}}
generation{id=gen-2,action=end,data={"endTimestamp":"2026-01-02T03:04:07.250Z"}}
trace{id=trace-1,action=update,data={"output":"hello"}}
trace{id=trace-1,action=end,data={"endTimestamp":"2026-01-02T03:04:07.500Z"}}`;

const at = (iso: string) => Date.parse(iso);
const messages: ChatMessage[] = [
  { role: 'system', content: 'be brief' },
  { role: 'user', content: [{ type: 'text', text: 'hi' }] },
];
const sent = (provider: string, model: string) => chatRequest({ provider, model, messages, params: { temperature: 0.2 } });
const attempt = (index: number, provider: string, model: string, start: string, end: string, over: Partial<Attempt>): Attempt =>
  attemptOf({ index, provider, model, start: at(start), end: at(end), ...over }, sent(provider, model));

function twoAttemptTrace() {
  const attempts = [
    attempt(0, 'openai', 'acme-1', '2026-01-02T03:04:05.000Z', '2026-01-02T03:04:06.000Z', { result: 'error', error: { type: 'server_error', code: null, message: 'boom', status: 500 } }),
    attempt(1, 'groq', 'acme-2', '2026-01-02T03:04:06.250Z', '2026-01-02T03:04:07.250Z', { responseId: 'chatcmpl-1', responseModel: 'acme-2', outputText: 'hello', finishReasons: ['stop'], usage: { input: 3, output: 1, total: 4 } }),
  ];
  return buildRequestTrace(finishedOf({ requestId: 'r1', start: at('2026-01-02T03:04:05.000Z'), end: at('2026-01-02T03:04:07.500Z'), attempts, answer: attempts[1] }));
}

const ids = (...list: string[]) => () => list.shift()!;

describe('Maxim commit logs for a request', () => {
  it("are, line for line, what Maxim's SDK writes for the same trace", () => {
    const headers = readMaximHeaders({ 'x-bf-maxim-session-id': 'sess-1', 'x-bf-maxim-generation-name': 'g', 'x-bf-maxim-team': 'a' });
    const logs = requestCommitLogs(twoAttemptTrace(), headers, ids('trace-1', 'gen-1', 'err-1', 'gen-2'));
    expect(logs.map(serializeCommitLog).join('\n')).toBe(SDK_BODY);
  });

  it('are none for a request that reached no LLM hooks', () => {
    const spans = buildRequestTrace(finishedOf({ requestId: 'r2', route: '/v1/embeddings', kind: 'embedding', start: 0, end: 1 }));
    expect(requestCommitLogs(spans, readMaximHeaders({}), ids())).toEqual([]);
  });
});

describe('x-bf-maxim-* headers', () => {
  it("reads Bifrost's six named headers, takes every other one as a tag, and leaves out ids Maxim would refuse", () => {
    expect(
      readMaximHeaders({
        'x-bf-maxim-session-id': 's-1',
        'x-bf-maxim-trace-id': 'has space',
        'x-bf-maxim-trace-name': 'any name: fine',
        'x-bf-maxim-generation-id': 'g_1',
        'x-bf-maxim-generation-name': 'answer',
        'x-bf-maxim-log-repo-id': 'repo',
        'x-bf-maxim-env': 'prod',
        'x-bf-maxim-': 'no key',
        'x-bf-cache-key': 'not ours',
      }),
    ).toEqual({ sessionId: 's-1', traceName: 'any name: fine', generationId: 'g_1', generationName: 'answer', logRepoId: 'repo', tags: { env: 'prod' }, ignored: ['x-bf-maxim-trace-id'] });
  });
});

describe('a generation answered by a plugin', () => {
  it('has no cost: no provider was paid (a cache hit), though it keeps the tokens', () => {
    const usage = { prompt_tokens: 1000, completion_tokens: 1000, total_tokens: 2000 };
    const trace = (answeredBy: string | null) => {
      const paid = { cost: 0.00075, costSplit: { input: 0.00015, output: 0.0006 } };
      const a = attempt(0, 'openai', 'gpt-4o-mini', '2026-01-02T03:04:05.000Z', '2026-01-02T03:04:06.000Z', {
        answeredBy,
        outputText: 'hi',
        finishReasons: ['stop'],
        usage: { input: 1000, output: 1000, total: 2000 },
        ...(answeredBy ? { cost: 0, costSplit: { input: 0, output: 0 } } : paid),
      });
      return buildRequestTrace(finishedOf({ requestId: 'r3', attempts: [a], answer: a }));
    };
    const result = (answeredBy: string | null) => requestCommitLogs(trace(answeredBy), readMaximHeaders({}), () => crypto.randomUUID()).find((l) => l.action === 'result')!.data.result as Record<string, unknown>;
    expect(result(null)).toMatchObject({ usage, cost: { input: 0.00015, output: 0.0006, total: 0.00075 } });
    expect(result('semantic_cache')).toMatchObject({ usage });
    expect(result('semantic_cache')).not.toHaveProperty('cost');
  });
});
