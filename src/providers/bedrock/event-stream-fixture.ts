import { EventStreamCodec, type MessageHeaders } from '@smithy/eventstream-codec';

// Test support: recorded ConverseStream events (one `{"<eventType>": {...}}` per line) re-framed as
// the binary event stream Bedrock sends, so tests exercise the real framing.

const codec = new EventStreamCodec(
  (bytes: Uint8Array) => new TextDecoder().decode(bytes),
  (text: string) => new TextEncoder().encode(text),
);

const str = (value: string) => ({ type: 'string' as const, value });

export function encodeFrame(headers: Record<string, string>, body: unknown): Uint8Array {
  const h: MessageHeaders = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, str(v)]));
  return codec.encode({ headers: h, body: new TextEncoder().encode(JSON.stringify(body)) });
}

export function eventFrame(eventType: string, payload: unknown): Uint8Array {
  return encodeFrame({ ':event-type': eventType, ':content-type': 'application/json', ':message-type': 'event' }, payload);
}

export function exceptionFrame(exceptionType: string, message: string): Uint8Array {
  return encodeFrame({ ':exception-type': exceptionType, ':content-type': 'application/json', ':message-type': 'exception' }, { message });
}

export function framesOf(lines: string): Uint8Array[] {
  return lines
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((line) => {
      const [[eventType, payload]] = Object.entries(JSON.parse(line) as Record<string, unknown>) as [[string, unknown]];
      return eventFrame(eventType, payload);
    });
}

export function concatBytes(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
