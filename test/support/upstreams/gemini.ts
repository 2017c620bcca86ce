import type { ServerResponse } from 'node:http';

// Google's Generative Language API (Gemini) as the mock upstream speaks it, from recorded payloads.
// Runs in Node, outside workerd. The model and method come from the URL
// (`…/models/{model}:{method}`); `fixtures` reads a path under shared/fixtures/providers/.
// Models `fail-400-key`, `fail-429`, `fail-500`, `blocked`, `tool-call` and `echo` pick a behaviour.

const json = (res: ServerResponse, status: number, body: string | object) => {
  res.writeHead(status, { 'content-type': 'application/json; charset=UTF-8' });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
};

const googleError = (code: number, status: string, message: string, details?: unknown[]) => ({
  error: { code, message, status, ...(details ? { details } : {}) },
});

/** 8 floats in [0, 1) from the text's char codes: the same text always embeds the same way. */
export function mockEmbedding(text: string): number[] {
  return Array.from({ length: 8 }, (_, k) => {
    let h = k + 1;
    for (let i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i) * (k + 1)) % 1000;
    return h / 1000;
  });
}

function textOf(request: unknown): string {
  const parts = (request as { content?: { parts?: { text?: unknown }[] } } | null)?.content?.parts ?? [];
  return parts.map((p) => (typeof p.text === 'string' ? p.text : '')).join('');
}

export function handleGemini(url: string, body: Record<string, unknown>, res: ServerResponse, fixtures: (path: string) => string): void {
  const match = /\/models\/([^/:?]+):(\w+)/.exec(url);
  const model = decodeURIComponent(match?.[1] ?? '');
  const method = match?.[2];

  switch (model) {
    case 'fail-400-key':
      return json(
        res,
        400,
        googleError(400, 'INVALID_ARGUMENT', 'API key not valid. Please pass a valid API key.', [
          { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID', domain: 'googleapis.com', metadata: { service: 'generativelanguage.googleapis.com' } },
        ]),
      );
    case 'fail-429':
      return json(
        res,
        429,
        googleError(429, 'RESOURCE_EXHAUSTED', 'You exceeded your current quota, please check your plan and billing details.', [
          { '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '41s' },
        ]),
      );
    case 'fail-500':
      return json(res, 500, googleError(500, 'INTERNAL', 'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting'));
    case 'blocked':
      return json(res, 200, { promptFeedback: { blockReason: 'PROHIBITED_CONTENT' }, usageMetadata: { promptTokenCount: 7, totalTokenCount: 7 }, modelVersion: 'gemini-2.5-flash' });
  }

  const fixture = model === 'tool-call' ? 'google/google-tool-call' : 'google/google-text';
  switch (method) {
    case 'generateContent':
      if (model === 'echo') {
        // Answers with the body it received, so tests can see what the gateway sent upstream.
        const recorded = JSON.parse(fixtures('google/google-text.json')) as { candidates: { content: { parts: unknown[] } }[] };
        recorded.candidates[0]!.content.parts = [{ text: JSON.stringify(body) }];
        return json(res, 200, recorded);
      }
      return json(res, 200, fixtures(`${fixture}.json`));
    case 'streamGenerateContent':
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      // Written chunk by chunk, framed with CRLF as Google does, so the gateway sees a real stream.
      for (const line of fixtures(`${fixture}.chunks.txt`).split('\n')) {
        if (line.trim() !== '') res.write(`data: ${line}\r\n\r\n`);
      }
      return void res.end();
    case 'countTokens': {
      // Google's CountTokensResponse; the count is the size of what was sent, so a test can tell
      // the gateway passed on the provider's figure.
      const request = body.generateContentRequest as Record<string, unknown> | undefined;
      return json(res, 200, { totalTokens: JSON.stringify(request?.contents ?? body.contents ?? []).length, promptTokensDetails: [{ modality: 'TEXT', tokenCount: 1 }] });
    }
    case 'batchEmbedContents': {
      const requests = Array.isArray(body.requests) ? body.requests : [];
      return json(res, 200, { embeddings: requests.map((r) => ({ values: mockEmbedding(textOf(r)) })) });
    }
    default:
      return json(res, 404, googleError(404, 'NOT_FOUND', `models/${model} is not found for API version v1beta, or is not supported for ${method ?? 'this method'}.`));
  }
}
