import { type Attempt, newAttempt } from '../../src/facts/attempt';
import type { FinishedRequest } from '../../src/facts/finished-request';
import type { ChatRequest } from '../../src/types/chat';

// Hand-made facts for exporters' unit tests: the shapes the gateway hands observers, with defaults
// for what a test does not care about.

export const chatRequest = (over: Partial<Omit<ChatRequest, 'kind'>> = {}): ChatRequest => ({
  kind: 'chat',
  provider: 'openai',
  model: 'gpt-4o-mini',
  messages: [{ role: 'user', content: 'hi' }],
  stream: false,
  includeUsage: false,
  fallbacks: [],
  params: {},
  ...over,
});

/** An attempt that sent `request` (a chat request by default), with the facts given. */
export function attemptOf(over: Partial<Attempt> = {}, request = chatRequest({ ...(over.provider && { provider: over.provider }), ...(over.model && { model: over.model }) })): Attempt {
  const attempt = newAttempt(over.index ?? 0, request);
  return Object.assign(attempt, { request, result: 'response', end: attempt.start, ...over });
}

export function finishedOf(over: Partial<FinishedRequest> = {}): FinishedRequest {
  return {
    requestId: 'r',
    http: { method: 'POST', path: '/v1/chat/completions', headers: {}, query: {}, body: undefined },
    route: '/v1/chat/completions',
    kind: 'chat',
    stream: false,
    status: 200,
    error: null,
    start: 0,
    end: 30,
    requestedModel: undefined,
    virtualKey: undefined,
    attempts: [],
    answer: undefined,
    usage: undefined,
    cost: undefined,
    hooks: [],
    failures: [],
    trace: { traceId: 'ab'.repeat(16), parentSpanId: undefined, flags: '01' },
    ...over,
  };
}
