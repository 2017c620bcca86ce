// A minimal protobuf writer: just the wire types OTLP needs, so protobufjs (and its code
// generation) stays out of the Worker bundle. Everything is written into one growing buffer: a
// nested message is written in place after a one-byte length, moved only when its length needs
// more, which keeps an export of thousands of spans to milliseconds of the isolate's CPU instead of
// one allocation per field.

const encoder = new TextEncoder();
const TWO_32 = 2 ** 32;

export class ProtoWriter {
  private buf = new Uint8Array(1024);
  private view = new DataView(this.buf.buffer);
  private pos = 0;

  private reserve(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const next = new Uint8Array(size);
    next.set(this.buf.subarray(0, this.pos));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  /** A non-negative integer below 2^53 (tags, lengths, enums, counts). */
  private varint(value: number): this {
    this.reserve(10);
    let v = value;
    while (v > 0x7f) {
      this.buf[this.pos++] = (v % 128) | 0x80;
      v = Math.floor(v / 128);
    }
    this.buf[this.pos++] = v;
    return this;
  }

  private tag(field: number, wireType: 0 | 1 | 2 | 5): this {
    return this.varint(field * 8 + wireType);
  }

  // Zero values are left out, as proto3 does, unless `always`: a member of a oneof (AnyValue) must
  // be written even when it is 0, false or "", or the receiver cannot tell which one was set.
  /** int64/uint64: negatives are their 64-bit two's complement, as protobuf specifies. */
  int(field: number, value: number, always = false): this {
    if (value === 0 && !always) return this;
    if (value >= 0 && value <= Number.MAX_SAFE_INTEGER) return this.tag(field, 0).varint(value);
    this.tag(field, 0).reserve(10);
    let v = BigInt.asUintN(64, BigInt(value));
    while (v > 0x7fn) {
      this.buf[this.pos++] = Number(v & 0x7fn) | 0x80;
      v >>= 7n;
    }
    this.buf[this.pos++] = Number(v);
    return this;
  }

  bool(field: number, value: boolean, always = false): this {
    return value || always ? this.tag(field, 0).varint(value ? 1 : 0) : this;
  }

  /** A fixed64 from an integer below 2^53. */
  fixed64(field: number, value: number): this {
    this.tag(field, 1).reserve(8);
    this.view.setUint32(this.pos, value % TWO_32, true);
    this.view.setUint32(this.pos + 4, Math.floor(value / TWO_32), true);
    this.pos += 8;
    return this;
  }

  /** Epoch ms (with fractions) as fixed64 unix nanoseconds, exact to the microsecond (beyond 2^53, so in two halves). */
  timeNanos(field: number, ms: number): this {
    const micros = Math.round(ms * 1000);
    const low = (micros % TWO_32) * 1000;
    this.tag(field, 1).reserve(8);
    this.view.setUint32(this.pos, low % TWO_32, true);
    this.view.setUint32(this.pos + 4, Math.floor(micros / TWO_32) * 1000 + Math.floor(low / TWO_32), true);
    this.pos += 8;
    return this;
  }

  double(field: number, value: number): this {
    this.tag(field, 1).reserve(8);
    this.view.setFloat64(this.pos, value, true);
    this.pos += 8;
    return this;
  }

  /** A packed repeated fixed64 (histogram bucket counts). */
  packedFixed64(field: number, values: readonly number[]): this {
    return this.message(field, (w) => {
      w.reserve(values.length * 8);
      for (const v of values) {
        w.view.setUint32(w.pos, v % TWO_32, true);
        w.view.setUint32(w.pos + 4, Math.floor(v / TWO_32), true);
        w.pos += 8;
      }
    });
  }

  /** A packed repeated double (histogram bounds). */
  packedDouble(field: number, values: readonly number[]): this {
    return this.message(field, (w) => {
      w.reserve(values.length * 8);
      for (const v of values) {
        w.view.setFloat64(w.pos, v, true);
        w.pos += 8;
      }
    });
  }

  /** Bytes given as hex (trace and span ids). */
  hexBytes(field: number, hex: string): this {
    const n = hex.length >> 1;
    this.tag(field, 2).varint(n).reserve(n);
    for (let i = 0; i < n; i++) this.buf[this.pos++] = parseInt(hex.substr(i * 2, 2), 16);
    return this;
  }

  string(field: number, value: string | undefined, always = false): this {
    if (value === undefined || (value === '' && !always)) return this;
    // Most strings here (attribute keys, names, ids) are ASCII: their length is known up front.
    const n = value.length;
    let ascii = true;
    for (let i = 0; i < n && ascii; i++) ascii = value.charCodeAt(i) < 0x80;
    if (ascii) {
      this.tag(field, 2).varint(n).reserve(n);
      for (let i = 0; i < n; i++) this.buf[this.pos++] = value.charCodeAt(i);
      return this;
    }
    // UTF-8 takes at most 3 bytes per UTF-16 unit; write in place, then fix the length prefix.
    return this.message(field, (w) => {
      w.reserve(value.length * 3);
      w.pos += encoder.encodeInto(value, w.buf.subarray(w.pos)).written;
    });
  }

  /** A length-delimited field written by `build` (a nested message, a string, a packed list). */
  message(field: number, build: (w: ProtoWriter) => void): this {
    // One byte is kept for the length, enough for most nested messages (attributes, values);
    // a longer one is moved by the extra bytes its length prefix needs.
    this.tag(field, 2).reserve(1);
    const start = ++this.pos;
    build(this);
    const length = this.pos - start;
    if (length < 0x80) {
      this.buf[start - 1] = length;
      return this;
    }
    const extra = length < 0x4000 ? 1 : length < 0x200000 ? 2 : length < 0x10000000 ? 3 : 4;
    this.reserve(extra);
    this.buf.copyWithin(start + extra, start, this.pos);
    const end = this.pos + extra;
    this.pos = start - 1;
    this.varint(length);
    this.pos = end;
    return this;
  }

  finish(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }
}
