/** One server-sent event: its data lines joined by `\n`, its `event:` name and `id:` when sent. */
export interface EventSourceMessage {
  id: string | undefined;
  event: string | undefined;
  data: string;
}

/**
 * The SSE wire format, parsed as the WHATWG rules say: lines end in CRLF, LF or CR (a CR that ends
 * the text so far waits for the next text, which may start with its LF); a blank line ends an
 * event, sent only if it had a `data` line; `data` lines join with `\n`; `:` starts a comment; a
 * field's value loses one leading space; a line with no colon is a field with an empty value;
 * `retry` and unknown fields are ignored; an `id` with a NUL is dropped. What is not ended by a
 * blank line when the input ends is dropped, as a browser drops it. An event (with the line not yet
 * ended) longer than MAX_EVENT_CHARS throws: a stream that never ends its line is not buffered whole.
 *
 * Instead of eventsource-parser: its line splitter looks for the next CR from every line start,
 * which for a stream without CRs scans the rest of the text per line (quadratic in the read size:
 * 3.7 µs per event on a 64 KiB read, ~0.5 µs here). Both line-end positions are kept until passed.
 */
/** What one event may hold, its unfinished line included: a larger one is an upstream fault, not kept in memory. */
export const MAX_EVENT_CHARS = 16 * 1024 * 1024;

export class SseParser {
  private rest = '';
  private data: string | undefined;
  private event = '';
  private id: string | undefined;

  /** Parses `text` (what followed the previous text), appending each event it completes to `out`. */
  feed(text: string, out: EventSourceMessage[]): void {
    const s = this.rest === '' ? text : this.rest + text;
    const n = s.length;
    let pos = 0;
    // The rest holds no line end but perhaps a last CR: searched from there, not again from its start.
    const from = Math.max(0, this.rest.length - 1);
    let cr = s.indexOf('\r', from);
    let lf = s.indexOf('\n', from);
    while (pos < n) {
      if (cr !== -1 && cr < pos) cr = s.indexOf('\r', pos);
      if (lf !== -1 && lf < pos) lf = s.indexOf('\n', pos);
      let end: number;
      let next: number;
      if (cr !== -1 && (lf === -1 || cr < lf)) {
        // A CR that ends the text may be the first half of a CRLF.
        if (cr === n - 1) break;
        end = cr;
        next = lf === cr + 1 ? cr + 2 : cr + 1;
      } else if (lf !== -1) {
        end = lf;
        next = lf + 1;
      } else break;
      this.line(s, pos, end, out);
      pos = next;
    }
    this.rest = pos === 0 ? s : s.slice(pos);
    if (this.rest.length + (this.data?.length ?? 0) > MAX_EVENT_CHARS) {
      throw new Error(`an event longer than ${MAX_EVENT_CHARS} characters, without its end`);
    }
  }

  private line(s: string, start: number, end: number, out: EventSourceMessage[]): void {
    if (start === end) {
      if (this.data !== undefined) out.push({ id: this.id, event: this.event || undefined, data: this.data });
      this.data = undefined;
      this.event = '';
      this.id = undefined;
      return;
    }
    // Nearly every line of an LLM stream is a data line: no field name is cut out for it.
    if (s.startsWith('data:', start)) return this.field('data', s, start + 5, end);
    if (s.charCodeAt(start) === 58 /* : */) return;
    const colon = s.indexOf(':', start);
    if (colon === -1 || colon >= end) this.field(s.slice(start, end), s, end, end);
    else this.field(s.slice(start, colon), s, colon + 1, end);
  }

  /** A field whose value starts at `from` (after the colon) and ends at `end`. */
  private field(name: string, s: string, from: number, end: number): void {
    if (from < end && s.charCodeAt(from) === 32) from++;
    const value = s.slice(from, end);
    if (name === 'data') this.data = this.data === undefined ? value : `${this.data}\n${value}`;
    else if (name === 'event') this.event = value;
    else if (name === 'id') this.id = value.includes('\0') ? undefined : value;
  }
}
