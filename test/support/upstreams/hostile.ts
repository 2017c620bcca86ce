import type { IncomingMessage, ServerResponse } from 'node:http';

// Upstreams that misbehave the way a compromised, misconfigured or broken provider does, picked by
// the model name: redirects elsewhere, bodies that stall, statuses outside HTTP, floods of error
// text. `/__sink/<tag>` stands for the other host a redirect points at: it records what reaches it.

export interface SinkVisit {
  method: string;
  headers: IncomingMessage['headers'];
  body: string;
}

const sink = new Map<string, SinkVisit[]>();
const seen = new Map<string, number>();

/** What reached the redirect target for a test's tag (read through GET /__sunk/<tag>). */
export function handleHostile(req: IncomingMessage, res: ServerResponse, raw: string, model: string, testId: unknown): boolean {
  const url = req.url ?? '';
  if (url.startsWith('/__sunk/')) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(sink.get(decodeURIComponent(url.slice('/__sunk/'.length))) ?? []));
    return true;
  }
  if (url.startsWith('/__sink/')) {
    const tag = decodeURIComponent(url.slice('/__sink/'.length));
    sink.set(tag, [...(sink.get(tag) ?? []), { method: req.method ?? '', headers: req.headers, body: raw }]);
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ id: 'chatcmpl-elsewhere', object: 'chat.completion', created: 1, model: 'elsewhere', choices: [{ index: 0, message: { role: 'assistant', content: 'answered by another host' }, finish_reason: 'stop' }] }));
    return true;
  }
  const tag = typeof testId === 'string' ? testId : 'untagged';
  const redirect = /^redirect-(30[1278])$/.exec(model);
  if (redirect) {
    res.writeHead(Number(redirect[1]), { location: `http://${req.headers.host}/__sink/${encodeURIComponent(tag)}` });
    res.end();
    return true;
  }
  const asked = /^retry-after-(\d+)$/.exec(model);
  if (asked) {
    // The first try of a tag is a 429 asking to wait; the next ones answer.
    const tries = (seen.get(`${tag}/${model}`) ?? 0) + 1;
    seen.set(`${tag}/${model}`, tries);
    if (tries === 1) {
      res.writeHead(429, { 'content-type': 'application/json', 'retry-after': asked[1]! });
      res.end(JSON.stringify({ error: { message: 'Rate limit reached', type: 'requests', param: null, code: 'rate_limit_exceeded' } }));
    } else {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ id: 'chatcmpl-after', object: 'chat.completion', created: 1, model, choices: [{ index: 0, message: { role: 'assistant', content: 'waited' }, finish_reason: 'stop' }], usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } }));
    }
    return true;
  }
  switch (model) {
    case 'stall-body':
      // Headers and the start of a JSON body, then nothing: only a whole-exchange deadline ends it.
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"id":"chatcmpl-stall","object":"chat.completion","choices":[');
      return true;
    case 'stall-error-body':
      res.writeHead(500, { 'content-type': 'application/json' });
      res.write('{"error":{"message":"');
      return true;
    case 'status-700':
      res.writeHead(700, { 'content-type': 'application/json' });
      res.end('{}');
      return true;
    case 'flood-error': {
      // A 500 whose body is 8 MiB of text: the gateway must read only its start.
      res.writeHead(500, { 'content-type': 'text/plain' });
      const piece = 'x'.repeat(64 * 1024);
      let sent = 0;
      const write = () => {
        while (sent < 128) {
          sent++;
          if (!res.write(piece)) return void res.once('drain', write);
        }
        res.end();
      };
      write();
      return true;
    }
  }
  return false;
}
