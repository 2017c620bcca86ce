import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { join, resolve } from 'node:path';

// Anthropic's Messages API as the mock upstream speaks it, from recorded payloads. Runs in Node,
// outside workerd. `fixtures` reads a path under shared/fixtures/providers/; the recordings under
// test/fixtures/providers/anthropic/ (README there names their sources) are read here. As the real
// API does, what the request asks picks the answer: a structured output format, the forced answer
// tool, thinking (redacted when the prompt holds Anthropic's documented test string), cache_control.

const OWN = resolve(import.meta.dirname, '../../fixtures/providers/anthropic');
const own = (name: string) => readFileSync(join(OWN, name), 'utf8');

/** The prompt that makes Anthropic answer with redacted thinking (its extended-thinking docs). */
export const REDACTED_THINKING_TRIGGER = 'ANTHROPIC_MAGIC_STRING_TRIGGER_REDACTED_THINKING_46C9A13E193C177646C7398A98432ECCCE4C1253D5E2D82641AC0E52CC2876CB';

/** Each recorded payload names its event in `type`; the wire repeats it on an `event:` line. */
const sseEvent = (line: string) => `event: ${(JSON.parse(line) as { type: string }).type}\ndata: ${line}\n\n`;

/** The recorded answer (JSON text and stream lines) that fits the request. */
function answerFor(body: Record<string, unknown>, fixtures: (path: string) => string): { json: string; chunks: string } {
  const raw = JSON.stringify(body);
  const outputConfig = body.output_config as { format?: unknown } | undefined;
  const toolChoice = body.tool_choice as { type?: string; name?: string } | undefined;
  const thinking = (body.thinking as { type?: string } | undefined)?.type;
  if (outputConfig?.format) return { json: own('anthropic-json-output-format.json'), chunks: own('anthropic-json-output-format.chunks.txt') };
  if (toolChoice?.type === 'tool' && toolChoice.name) {
    // The recording's forced tool is named `json`; the answer names the tool the request forced.
    const rename = (text: string) => text.replaceAll('"name":"json"', `"name":${JSON.stringify(toolChoice.name)}`).replaceAll('"name": "json"', `"name": ${JSON.stringify(toolChoice.name)}`);
    return { json: rename(own('anthropic-json-tool.json')), chunks: rename(own('anthropic-json-tool.chunks.txt')) };
  }
  if ((thinking === 'enabled' || thinking === 'adaptive') && raw.includes(REDACTED_THINKING_TRIGGER)) {
    return { json: own('anthropic-redacted-thinking.json'), chunks: own('anthropic-redacted-thinking.chunks.txt') };
  }
  if (thinking === 'enabled' || thinking === 'adaptive') return { json: own('anthropic-thinking.json'), chunks: own('anthropic-thinking.chunks.txt') };
  if (raw.includes('"cache_control"')) {
    // A first call with cache breakpoints writes the cache: the docs' usage, where the text stream
    // reports usage (message_start, then the cumulative counts in message_delta).
    const usage = JSON.parse(own('anthropic-prompt-cache.json')).usage;
    const withUsage = (line: string) => {
      const event = JSON.parse(line);
      if (event.type === 'message_start') return JSON.stringify({ ...event, message: { ...event.message, usage: { ...usage, output_tokens: 1 } } });
      return event.type === 'message_delta' ? JSON.stringify({ ...event, usage }) : line;
    };
    const chunks = fixtures('anthropic/anthropic-text.chunks.txt').split('\n').filter(Boolean).map(withUsage).join('\n');
    return { json: own('anthropic-prompt-cache.json'), chunks };
  }
  return { json: fixtures('anthropic/anthropic-text.json'), chunks: fixtures('anthropic/anthropic-text.chunks.txt') };
}

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
  const answer = answerFor(body, fixtures);
  if (body.stream !== true) {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(answer.json);
    return;
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  // Written event by event so the gateway sees a real incremental stream.
  for (const line of answer.chunks.split('\n')) {
    if (line.trim() !== '') res.write(sseEvent(line));
  }
  res.end();
}
