import { EventStreamCodec } from '@smithy/eventstream-codec';

/** One decoded frame of AWS's binary event stream, its string headers and UTF-8 payload. */
export interface EventStreamFrame {
  /** `:message-type`, `:event-type`, `:exception-type`, `:error-code`, … (string headers only). */
  headers: Record<string, string>;
  body: string;
}

/** A frame that could not be decoded (bad checksum, impossible length, stream cut mid-frame). */
export interface EventStreamFault {
  fault: string;
}

export type EventStreamItem = EventStreamFrame | EventStreamFault;

const PRELUDE_BYTES = 4;
// A frame is at least prelude (8) + prelude CRC (4) + message CRC (4); AWS caps one at 16 MiB.
const MIN_FRAME_BYTES = 16;
const MAX_FRAME_BYTES = 16 * 1024 * 1024;

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const codec = new EventStreamCodec(
  (bytes: Uint8Array) => decoder.decode(bytes),
  (text: string) => encoder.encode(text),
);

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

function decodeFrame(bytes: Uint8Array): EventStreamItem {
  try {
    const message = codec.decode(bytes);
    const headers: Record<string, string> = {};
    for (const [name, header] of Object.entries(message.headers)) {
      if (header.type === 'string') headers[name] = header.value;
    }
    return { headers, body: decoder.decode(message.body) };
  } catch (err) {
    return { fault: err instanceof Error ? err.message : String(err) };
  }
}

/**
 * Upstream bytes → event-stream frames, one batch per upstream read. Frames may straddle reads:
 * bytes wait until the frame their 4-byte length prelude announces is whole. After a fault the
 * framing is lost, so nothing more is decoded.
 */
export function decodeEventStream(body: ReadableStream<Uint8Array>): ReadableStream<EventStreamItem[]> {
  let pending: Uint8Array = new Uint8Array(0);
  let broken = false;
  return body.pipeThrough(
    new TransformStream<Uint8Array, EventStreamItem[]>({
      transform(bytes, controller) {
        if (broken) return;
        pending = concat(pending, bytes);
        const batch: EventStreamItem[] = [];
        while (pending.length >= PRELUDE_BYTES) {
          const length = new DataView(pending.buffer, pending.byteOffset, PRELUDE_BYTES).getUint32(0, false);
          if (length < MIN_FRAME_BYTES || length > MAX_FRAME_BYTES) {
            batch.push({ fault: `impossible frame length ${length}` });
            broken = true;
            break;
          }
          if (pending.length < length) break;
          const item = decodeFrame(pending.subarray(0, length));
          batch.push(item);
          pending = pending.subarray(length);
          if ('fault' in item) {
            broken = true;
            break;
          }
        }
        if (batch.length > 0) controller.enqueue(batch);
      },
      flush(controller) {
        if (!broken && pending.length > 0) controller.enqueue([{ fault: `stream ended inside a frame (${pending.length} bytes left)` }]);
      },
    }),
  );
}
