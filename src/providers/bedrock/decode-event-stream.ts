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

// AWS's event-stream framing (application/vnd.amazon.eventstream), decoded here rather than with
// @smithy/eventstream-codec, which brings @smithy/core's event-stream and checksum code into the
// bundle. A frame, big-endian:
//   total length u32 | headers length u32 | CRC32 of those 8 bytes |
//   headers | payload | CRC32 of everything before it.
// A header: name length u8, name, type u8, value; the value's size follows from its type.
const LENGTH_BYTES = 4;
const PRELUDE_BYTES = 12;
const CRC_BYTES = 4;
// A frame is at least prelude (8) + prelude CRC (4) + message CRC (4); AWS caps one at 16 MiB.
const MIN_FRAME_BYTES = PRELUDE_BYTES + CRC_BYTES;
const MAX_FRAME_BYTES = 16 * 1024 * 1024;
// Value sizes by header type: 0 true, 1 false (no value), 2 byte, 3 short, 4 integer, 5 long,
// 6 bytes and 7 string (u16 length first: -1 here), 8 timestamp (ms, i64), 9 uuid.
const VALUE_BYTES = [0, 0, 1, 2, 4, 8, -1, -1, 8, 16];
const STRING_TYPE = 7;

const decoder = new TextDecoder();

// CRC-32 (IEEE 802.3, reflected polynomial 0xEDB88320), its table made on the first frame so a
// Worker that never streams from Bedrock does not pay for it at start-up.
let crcTable: Uint32Array | undefined;

function makeCrcTable(): Uint32Array {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  return table;
}

/** CRC-32 of `bytes`, continuing from `previous` (the CRC of the bytes before them). */
function crc32(bytes: Uint8Array, previous = 0): number {
  const table = (crcTable ??= makeCrcTable());
  let c = ~previous;
  for (let i = 0; i < bytes.length; i++) c = table[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

/** Reads a frame's header block into `headers` (string ones only); what is wrong with it, if anything. */
function readHeaders(block: Uint8Array, headers: Record<string, string>): string | undefined {
  const view = new DataView(block.buffer, block.byteOffset, block.byteLength);
  let at = 0;
  while (at < block.length) {
    const nameEnd = at + 1 + view.getUint8(at);
    if (nameEnd + 1 > block.length) return 'header name overruns the header block';
    const name = decoder.decode(block.subarray(at + 1, nameEnd));
    const type = view.getUint8(nameEnd);
    let size = VALUE_BYTES[type];
    if (size === undefined) return `header ${name} has unknown type ${type}`;
    at = nameEnd + 1;
    if (size < 0) {
      if (at + 2 > block.length) return `header ${name} overruns the header block`;
      size = view.getUint16(at, false);
      at += 2;
    }
    if (at + size > block.length) return `header ${name} overruns the header block`;
    if (type === STRING_TYPE) headers[name] = decoder.decode(block.subarray(at, at + size));
    at += size;
  }
  return undefined;
}

/** One whole frame (`frame.length` is the total length its prelude announced). */
function decodeFrame(frame: Uint8Array): EventStreamItem {
  const view = new DataView(frame.buffer, frame.byteOffset, frame.byteLength);
  const headersLength = view.getUint32(LENGTH_BYTES, false);
  const preludeCrc = crc32(frame.subarray(0, 8));
  if (preludeCrc !== view.getUint32(8, false)) return { fault: 'prelude checksum does not match' };
  const messageEnd = frame.length - CRC_BYTES;
  if (crc32(frame.subarray(8, messageEnd), preludeCrc) !== view.getUint32(messageEnd, false)) return { fault: 'message checksum does not match' };
  if (headersLength > messageEnd - PRELUDE_BYTES) return { fault: `headers length ${headersLength} exceeds the frame` };
  const headers: Record<string, string> = {};
  const fault = readHeaders(frame.subarray(PRELUDE_BYTES, PRELUDE_BYTES + headersLength), headers);
  if (fault) return { fault };
  return { headers, body: decoder.decode(frame.subarray(PRELUDE_BYTES + headersLength, messageEnd)) };
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
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
        while (pending.length >= LENGTH_BYTES) {
          const length = new DataView(pending.buffer, pending.byteOffset, LENGTH_BYTES).getUint32(0, false);
          // Refused before buffering: a wrong length would otherwise hold up to 4 GiB waiting.
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
