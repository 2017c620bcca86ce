import { onTestFinished } from 'vitest';

// Test support, not a test file (vitest collects only `*.test.ts`): the stand-in upstream that the
// adapter tests put behind `fetch`.

/**
 * Replaces `fetch` with `answer` for the rest of the running test, recording a copy of every Request
 * it is given (body unread, for the test to inspect). The previous `fetch` comes back when the test
 * ends, pass or fail.
 */
export function stubFetch(answer: (req: Request) => Response | Promise<Response>): Request[] {
  const previous = globalThis.fetch;
  const seen: Request[] = [];
  globalThis.fetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const req = new Request(input, init);
    seen.push(req.clone());
    return answer(req);
  }) as typeof fetch;
  onTestFinished(() => {
    globalThis.fetch = previous;
  });
  return seen;
}

/** An upstream that answers every call with `body` as a 200 JSON response. */
export const jsonAnswer = (body: string) => () => new Response(body, { status: 200, headers: { 'content-type': 'application/json' } });
