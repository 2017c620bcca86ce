import type { ServerResponse } from 'node:http';

// Anthropic's Messages API as the mock upstream speaks it, from recorded payloads. Runs in Node,
// outside workerd. `fixtures` reads a path under shared/fixtures/providers/.

/** Each recorded payload names its event in `type`; the wire repeats it on an `event:` line. */
const sseEvent = (line: string) => `event: ${(JSON.parse(line) as { type: string }).type}\ndata: ${line}\n\n`;

export function handleAnthropic(url: string, body: Record<string, unknown>, res: ServerResponse, fixtures: (path: string) => string): void {
  if (url.endsWith('/messages/count_tokens')) {
    // Anthropic's MessageTokensCount; the count is the size of what was sent, so a test can tell
    // the gateway passed on the provider's figure.
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ input_tokens: JSON.stringify(body.messages).length }));
    return;
  }
  if (body.model === 'fail-529') {
    res.writeHead(529, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' }, request_id: 'req_mock_overloaded' }));
    return;
  }
  if (body.stream !== true) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(fixtures('anthropic/anthropic-text.json'));
    return;
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  // Written event by event so the gateway sees a real incremental stream.
  for (const line of fixtures('anthropic/anthropic-text.chunks.txt').split('\n')) {
    if (line.trim() !== '') res.write(sseEvent(line));
  }
  res.end();
}
