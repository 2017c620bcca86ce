import { describe, expect, it } from 'vitest';
import { decodeSse } from './decode-sse';
import { type EventSourceMessage, SseParser } from './sse-parser';

/** Every event of `wire` fed as the given pieces. */
const parse = (...pieces: string[]) => {
  const parser = new SseParser();
  const out: EventSourceMessage[] = [];
  for (const piece of pieces) parser.feed(piece, out);
  return out;
};
/** The same, at every split point of `wire` into two reads: the result may not depend on where reads end. */
const everySplit = (wire: string) => {
  const whole = parse(wire);
  for (let i = 1; i < wire.length; i++) expect(parse(wire.slice(0, i), wire.slice(i)), `split at ${i}`).toEqual(whole);
  return whole;
};
const msg = (data: string, event?: string, id?: string): EventSourceMessage => ({ id, event, data });

describe('SseParser', () => {
  it('ends lines at LF, CRLF or CR alike, a CRLF split across reads included', () => {
    const events = everySplit('data: a\n\ndata: b\r\n\r\ndata: c\r\rdata: d\r\n\n');
    expect(events).toEqual([msg('a'), msg('b'), msg('c'), msg('d')]);
  });

  it('joins data lines with a newline and drops one leading space of a value only', () => {
    expect(everySplit('data:one\ndata:  two\ndata\ndata:\n\n')).toEqual([msg('one\n two\n\n')]);
  });

  it('keeps event names and ids per event, ignores comments, retry and unknown fields', () => {
    const wire = ': keep-alive\nevent: message_start\nid: 7\nretry: 100\nfoo: bar\ndata: {"a":1}\n\n: another\ndata: x\n\nid: a\0b\nevent: ping\ndata: y\n\n';
    expect(everySplit(wire)).toEqual([msg('{"a":1}', 'message_start', '7'), msg('x'), msg('y', 'ping')]);
  });

  it('sends no event for a blank line without data, nor for one that never ended', () => {
    expect(everySplit('\n\nevent: x\n\n: c\n\ndata: last')).toEqual([]);
    // A CR that ends the text so far may be half a CRLF: the line it ends waits for the next text.
    expect(parse('data: a\r', '\r')).toEqual([]);
    expect(parse('data: a\r', '\r', 'x')).toEqual([msg('a')]);
    expect(parse('data: a\r', '\r\n')).toEqual([msg('a')]);
  });

  it('reads a message split across many reads, one character at a time', () => {
    const wire = 'event: e\r\ndata: {"text":"héllo"}\r\ndata: more\r\n\r\n';
    expect(parse(...wire)).toEqual([msg('{"text":"héllo"}\nmore', 'e')]);
  });

  it('finds every line of a large read, with no CR anywhere', () => {
    const lines = Array.from({ length: 2000 }, (_, i) => `data: {"i":${i}}\n\n`).join('');
    const events = parse(lines.slice(0, 30_001), lines.slice(30_001));
    expect(events.length).toBe(2000);
    expect(events[1999]).toEqual(msg('{"i":1999}'));
  });
});

describe('a bounded event', () => {
  it('refuses a line that never ends, and data lines that never make an event, past the bound', () => {
    const piece = 'x'.repeat(1024 * 1024);
    const endless = new SseParser();
    expect(() => {
      for (let i = 0; i < 20; i++) endless.feed(i === 0 ? `data: ${piece}` : piece, []);
    }).toThrow(/longer than 16777216 characters/);
    const unended = new SseParser();
    expect(() => {
      for (let i = 0; i < 20; i++) unended.feed(`data: ${piece}\n`, []);
    }).toThrow(/longer than/);
    // Just under it, the event comes through whole.
    const big = new SseParser();
    const out: EventSourceMessage[] = [];
    for (let i = 0; i < 15; i++) big.feed(`data: ${piece}\n`, out);
    big.feed('\n', out);
    expect(out).toHaveLength(1);
    expect(out[0]!.data.length).toBe(15 * piece.length + 14);
  });

  it('ends the stream with an error the dialect can report, instead of buffering', async () => {
    const piece = new TextEncoder().encode('y'.repeat(1024 * 1024));
    let sent = 0;
    const body = new ReadableStream<Uint8Array>({ pull: (c) => void (sent++ < 40 ? c.enqueue(piece) : c.close()) });
    await expect((async () => { for await (const _ of decodeSse(body)) void _; })()).rejects.toThrow(/longer than/);
    expect(sent).toBeLessThan(20);
  });
});

describe('decodeSse', () => {
  it('decodes UTF-8 split inside a character, one batch per read with events', async () => {
    const bytes = new TextEncoder().encode('data: é\n\ndata: ü\n\n');
    const reads = [bytes.slice(0, 7), bytes.slice(7, 10), bytes.slice(10)];
    const body = new ReadableStream<Uint8Array>({ start: (c) => { for (const r of reads) c.enqueue(r); c.close(); } });
    const batches: EventSourceMessage[][] = [];
    for await (const batch of decodeSse(body)) batches.push(batch);
    expect(batches).toEqual([[msg('é')], [msg('ü')]]);
  });
});
