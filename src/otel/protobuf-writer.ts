// A minimal protobuf writer: just the wire types OTLP needs. Messages are built bottom-up (a
// nested message is encoded first, then written length-delimited), which suits small exports and
// keeps protobufjs (and its code generation) out of the Worker bundle.

const encoder = new TextEncoder();

export class ProtoWriter {
  private readonly parts: Uint8Array[] = [];
  private size = 0;

  private push(bytes: Uint8Array): this {
    this.parts.push(bytes);
    this.size += bytes.length;
    return this;
  }

  private varint(value: bigint): this {
    // int64 negatives are their 64-bit two's complement (10 bytes), as protobuf specifies.
    let v = BigInt.asUintN(64, value);
    const out: number[] = [];
    while (v > 0x7fn) {
      out.push(Number(v & 0x7fn) | 0x80);
      v >>= 7n;
    }
    out.push(Number(v));
    return this.push(Uint8Array.from(out));
  }

  private tag(field: number, wireType: 0 | 1 | 2 | 5): this {
    return this.varint(BigInt((field << 3) | wireType));
  }

  // Zero values are left out, as proto3 does, unless `always`: a member of a oneof (AnyValue) must
  // be written even when it is 0, false or "", or the receiver cannot tell which one was set.
  uint(field: number, value: number | bigint, always = false): this {
    return (value === 0 || value === 0n) && !always ? this : this.tag(field, 0).varint(BigInt(value));
  }

  bool(field: number, value: boolean, always = false): this {
    return value || always ? this.tag(field, 0).varint(value ? 1n : 0n) : this;
  }

  fixed64(field: number, value: bigint): this {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigUint64(0, BigInt.asUintN(64, value), true);
    return this.tag(field, 1).push(b);
  }

  fixed32(field: number, value: number): this {
    const b = new Uint8Array(4);
    new DataView(b.buffer).setUint32(0, value, true);
    return this.tag(field, 5).push(b);
  }

  double(field: number, value: number): this {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setFloat64(0, value, true);
    return this.tag(field, 1).push(b);
  }

  /** A packed repeated fixed64 (histogram bucket counts). */
  packedFixed64(field: number, values: readonly number[]): this {
    const b = new Uint8Array(values.length * 8);
    const view = new DataView(b.buffer);
    values.forEach((v, i) => view.setBigUint64(i * 8, BigInt(v), true));
    return this.bytes(field, b);
  }

  /** A packed repeated double (histogram bounds). */
  packedDouble(field: number, values: readonly number[]): this {
    const b = new Uint8Array(values.length * 8);
    const view = new DataView(b.buffer);
    values.forEach((v, i) => view.setFloat64(i * 8, v, true));
    return this.bytes(field, b);
  }

  bytes(field: number, value: Uint8Array): this {
    return this.tag(field, 2).varint(BigInt(value.length)).push(value);
  }

  string(field: number, value: string | undefined, always = false): this {
    return value || (always && value !== undefined) ? this.bytes(field, encoder.encode(value)) : this;
  }

  message(field: number, build: (w: ProtoWriter) => void): this {
    const inner = new ProtoWriter();
    build(inner);
    return this.bytes(field, inner.finish());
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.size);
    let offset = 0;
    for (const p of this.parts) {
      out.set(p, offset);
      offset += p.length;
    }
    return out;
  }
}
