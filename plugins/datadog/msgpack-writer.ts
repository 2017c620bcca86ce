// The few MessagePack types the Datadog Agent's trace intake reads (msgpack spec, "formats"):
// arrays, maps, UTF-8 strings, unsigned/signed 64-bit integers written from BigInt (span ids and
// nanosecond times do not fit a JavaScript number) and float64. Big-endian, smallest header that fits.

const utf8 = new TextEncoder();

export class MsgpackWriter {
  private bytes = new Uint8Array(4096);
  private view = new DataView(this.bytes.buffer);
  private length = 0;

  array(size: number): this {
    return this.header(size, 0x90, 0xdc, 0xdd);
  }

  map(size: number): this {
    return this.header(size, 0x80, 0xde, 0xdf);
  }

  str(value: string): this {
    const data = utf8.encode(value);
    if (data.length < 32) this.u8(0xa0 | data.length);
    else if (data.length < 0x100) this.u8(0xd9).u8(data.length);
    else if (data.length < 0x10000) this.u8(0xda).u16(data.length);
    else this.u8(0xdb).u32(data.length);
    this.room(data.length);
    this.bytes.set(data, this.length);
    this.length += data.length;
    return this;
  }

  uint64(value: bigint): this {
    this.u8(0xcf).room(8);
    this.view.setBigUint64(this.length, value);
    this.length += 8;
    return this;
  }

  int64(value: bigint): this {
    this.u8(0xd3).room(8);
    this.view.setBigInt64(this.length, value);
    this.length += 8;
    return this;
  }

  /** A small non-negative integer (positive fixint). */
  fixint(value: number): this {
    if (!Number.isInteger(value) || value < 0 || value > 0x7f) throw new RangeError(`not a positive fixint: ${value}`);
    return this.u8(value);
  }

  float64(value: number): this {
    this.u8(0xcb).room(8);
    this.view.setFloat64(this.length, value);
    this.length += 8;
    return this;
  }

  finish(): Uint8Array {
    return this.bytes.slice(0, this.length);
  }

  private header(size: number, fix: number, b16: number, b32: number): this {
    if (size < 16) return this.u8(fix | size);
    return size < 0x10000 ? this.u8(b16).u16(size) : this.u8(b32).u32(size);
  }

  private u8(b: number): this {
    this.room(1);
    this.bytes[this.length++] = b;
    return this;
  }

  private u16(n: number): this {
    this.room(2);
    this.view.setUint16(this.length, n);
    this.length += 2;
    return this;
  }

  private u32(n: number): this {
    this.room(4);
    this.view.setUint32(this.length, n);
    this.length += 4;
    return this;
  }

  private room(n: number): this {
    if (this.length + n <= this.bytes.length) return this;
    const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.length + n));
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
    this.view = new DataView(grown.buffer);
    return this;
  }
}
