import type { ServerResponse } from 'node:http';
import { EventStreamCodec } from '@smithy/eventstream-codec';

// Bedrock Runtime as the mock upstream speaks it: Converse answers the recorded body, ConverseStream
// the recorded events re-framed as AWS's binary event stream. Runs in Node, outside workerd.
// `fixtures` reads a path under shared/fixtures/providers/. The mock checks no signature.

const encoder = new TextEncoder();
const codec = new EventStreamCodec((bytes: Uint8Array) => new TextDecoder().decode(bytes), (text: string) => encoder.encode(text));
const str = (value: string) => ({ type: 'string' as const, value });

/** One recorded line (`{"<eventType>": {...}}`) as the binary frame Bedrock sends. */
function frame(line: string): Uint8Array {
  const [[eventType, payload]] = Object.entries(JSON.parse(line) as Record<string, unknown>) as [[string, unknown]];
  return codec.encode({
    headers: { ':event-type': str(eventType), ':content-type': str('application/json'), ':message-type': str('event') },
    body: encoder.encode(JSON.stringify(payload)),
  });
}

function json(res: ServerResponse, status: number, body: string | object, headers: Record<string, string> = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
}

function awsError(res: ServerResponse, status: number, errorType: string, message: string): void {
  json(res, status, { message }, { 'x-amzn-errortype': `${errorType}:http://internal.amazon.com/coral/com.amazon.bedrock/` });
}

/** `url` is the request path: `…/model/{modelId}/{converse|converse-stream|invoke}`. */
export function handleBedrock(url: string, body: Record<string, unknown>, res: ServerResponse, fixtures: (path: string) => string): void {
  const match = /\/model\/([^/?]+)\/(converse|converse-stream|invoke)(?:\?|$)/.exec(url);
  if (!match) return awsError(res, 404, 'UnknownOperationException', `no such operation: ${url}`);
  const modelId = decodeURIComponent(match[1]!);
  const action = match[2]!;

  if (modelId === 'fail-429') return awsError(res, 429, 'ThrottlingException', 'Too many requests, please wait before trying again.');
  if (modelId === 'fail-400') return awsError(res, 400, 'ValidationException', 'The provided model identifier is invalid.');

  if (action === 'converse') return json(res, 200, fixtures('bedrock/amazon-bedrock-text.json'));

  if (action === 'converse-stream') {
    res.writeHead(200, { 'content-type': 'application/vnd.amazon.eventstream' });
    // Written frame by frame so the gateway sees a real incremental stream.
    for (const line of fixtures('bedrock/amazon-bedrock-text.chunks.txt').split('\n')) {
      if (line.trim() !== '') res.write(frame(line));
    }
    res.end();
    return;
  }

  // InvokeModel for embeddings: no recording exists, so a deterministic vector per text stands in.
  const vector = (text: string) => [text.length, 0.25, -0.5];
  if (Array.isArray(body.texts)) {
    const texts = body.texts.map(String);
    return json(res, 200, { id: 'mock', embeddings: texts.map(vector), texts, response_type: 'embeddings_floats' }, { 'x-amzn-bedrock-input-token-count': String(texts.length) });
  }
  const inputText = String(body.inputText ?? '');
  return json(res, 200, { embedding: vector(inputText), inputTextTokenCount: inputText.split(/\s+/).filter(Boolean).length });
}
