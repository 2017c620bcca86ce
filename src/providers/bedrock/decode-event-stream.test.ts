import { crc32 } from 'node:zlib';
import { EventStreamCodec, Int64, type MessageHeaders } from '@smithy/eventstream-codec';
import { describe, expect, it } from 'vitest';
import { decodeEventStream, type EventStreamItem } from './decode-event-stream';
import { concatBytes, eventFrame, exceptionFrame } from './event-stream-fixture';

// The hand decoder against AWS's own encoder (@smithy/eventstream-codec, a dev dependency) and
// against frames put together byte by byte with node:zlib's CRC-32, so neither side checks itself.

const codec = new EventStreamCodec((b: Uint8Array) => new TextDecoder().decode(b), (s: string) => new TextEncoder().encode(s));

/** Decodes `reads` sent as successive upstream reads; every item, in order. */
async function decode(reads: Uint8Array[]): Promise<EventStreamItem[]> {
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const r of reads) controller.enqueue(r);
      controller.close();
    },
  });
  const items: EventStreamItem[] = [];
  for await (const batch of decodeEventStream(body)) items.push(...batch);
  return items;
}

/** A frame from raw header bytes and a payload, both CRCs right. */
function rawFrame(headerBytes: Uint8Array, payload: Uint8Array): Uint8Array {
  const total = 16 + headerBytes.length + payload.length;
  const frame = new Uint8Array(total);
  const view = new DataView(frame.buffer);
  view.setUint32(0, total);
  view.setUint32(4, headerBytes.length);
  view.setUint32(8, crc32(frame.subarray(0, 8)));
  frame.set(headerBytes, 12);
  frame.set(payload, 12 + headerBytes.length);
  view.setUint32(total - 4, crc32(frame.subarray(0, total - 4)));
  return frame;
}

describe('decodeEventStream', () => {
  it('reads string headers and the payload, skipping headers of every other type', async () => {
    const headers: MessageHeaders = {
      ':message-type': { type: 'string', value: 'event' },
      yes: { type: 'boolean', value: true },
      no: { type: 'boolean', value: false },
      b: { type: 'byte', value: -7 },
      s: { type: 'short', value: 1234 },
      i: { type: 'integer', value: -123456 },
      l: { type: 'long', value: Int64.fromNumber(2 ** 40) },
      bin: { type: 'binary', value: new Uint8Array([1, 2, 3, 4, 5]) },
      ts: { type: 'timestamp', value: new Date(1_700_000_000_000) },
      id: { type: 'uuid', value: '0f8fad5b-d9cb-469f-a165-70867728950e' },
      ':event-type': { type: 'string', value: 'contentBlockDelta' },
      'ünï': { type: 'string', value: 'çödé ✓' },
    };
    const frame = codec.encode({ headers, body: new TextEncoder().encode('{"text":"héllo"}') });
    expect(await decode([frame])).toEqual([
      { headers: { ':message-type': 'event', ':event-type': 'contentBlockDelta', 'ünï': 'çödé ✓' }, body: '{"text":"héllo"}' },
    ]);
  });

  it('decodes a frame with no headers and an empty payload', async () => {
    expect(await decode([codec.encode({ headers: {}, body: new Uint8Array(0) })])).toEqual([{ headers: {}, body: '' }]);
  });

  it('gives the same frames however the bytes are cut, at every byte boundary', async () => {
    const frames = [
      eventFrame('messageStart', { role: 'assistant' }),
      eventFrame('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'Hi ✓' } }),
      exceptionFrame('throttlingException', 'slow down'),
    ];
    const bytes = concatBytes(frames);
    const whole = await decode([bytes]);
    expect(whole).toHaveLength(3);
    expect(whole[2]).toEqual({
      headers: { ':exception-type': 'throttlingException', ':content-type': 'application/json', ':message-type': 'exception' },
      body: '{"message":"slow down"}',
    });
    for (let cut = 0; cut <= bytes.length; cut++) {
      expect(await decode([bytes.subarray(0, cut), bytes.subarray(cut)])).toEqual(whole);
    }
    // One byte a read, the worst case of a frame straddling reads.
    expect(await decode(Array.from(bytes, (b) => Uint8Array.of(b)))).toEqual(whole);
  });

  it('ends with a fault when the stream stops at any byte inside a frame', async () => {
    const frame = eventFrame('messageStop', { stopReason: 'end_turn' });
    for (let cut = 1; cut < frame.length; cut++) {
      expect(await decode([frame.subarray(0, cut)])).toEqual([{ fault: `stream ended inside a frame (${cut} bytes left)` }]);
    }
  });

  it('refuses a frame whose prelude or message CRC is wrong, at any byte, and decodes nothing after it', async () => {
    const good = eventFrame('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'ok' } });
    const bad = eventFrame('contentBlockDelta', { contentBlockIndex: 0, delta: { text: 'xx' } });
    // Bytes 4..7 (headers length) and 8..11 (prelude CRC) fail the prelude check; later ones the
    // message check. Bytes 0..3 are the length itself, a different frame.
    for (let at = 4; at < bad.length; at++) {
      const corrupt = bad.slice();
      corrupt[at]! ^= 0x01;
      const items = await decode([good, corrupt, good]);
      expect(items).toHaveLength(2);
      expect(items[0]).toEqual(await decode([good]).then((i) => i[0]));
      expect(items[1]).toEqual({ fault: at < 12 ? 'prelude checksum does not match' : 'message checksum does not match' });
    }
  });

  it('refuses a frame length beyond 16 MiB as soon as its 4 bytes arrive, without waiting for the rest', async () => {
    const prelude = new Uint8Array(4);
    new DataView(prelude.buffer).setUint32(0, 16 * 1024 * 1024 + 1);
    expect(await decode([prelude])).toEqual([{ fault: 'impossible frame length 16777217' }]);
    new DataView(prelude.buffer).setUint32(0, 15);
    expect(await decode([prelude])).toEqual([{ fault: 'impossible frame length 15' }]);
  });

  it('refuses a header block longer than the frame, an unknown header type and a header that overruns its block', async () => {
    const enc = new TextEncoder();
    const frame = rawFrame(new Uint8Array(0), enc.encode('{}'));
    const view = new DataView(frame.buffer);
    view.setUint32(4, 3);
    view.setUint32(8, crc32(frame.subarray(0, 8)));
    view.setUint32(frame.length - 4, crc32(frame.subarray(0, frame.length - 4)));
    expect(await decode([frame])).toEqual([{ fault: 'headers length 3 exceeds the frame' }]);

    const unknownType = Uint8Array.of(1, ...enc.encode('x'), 10);
    expect(await decode([rawFrame(unknownType, enc.encode('{}'))])).toEqual([{ fault: 'header x has unknown type 10' }]);

    // A string header announcing 200 bytes in a block of 6; an integer header with 2 of its 4 bytes.
    const longString = Uint8Array.of(1, ...enc.encode('s'), 7, 0, 200, 65);
    expect(await decode([rawFrame(longString, new Uint8Array(0))])).toEqual([{ fault: 'header s overruns the header block' }]);
    const shortInt = Uint8Array.of(1, ...enc.encode('i'), 4, 0, 0);
    expect(await decode([rawFrame(shortInt, new Uint8Array(0))])).toEqual([{ fault: 'header i overruns the header block' }]);
    const longName = Uint8Array.of(9, ...enc.encode('abc'));
    expect(await decode([rawFrame(longName, new Uint8Array(0))])).toEqual([{ fault: 'header name overruns the header block' }]);
  });
});
