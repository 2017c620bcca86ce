// The ABI's memory side. Built with `--runtime stub`, AssemblyScript never frees: every call grows
// the heap a little, which is why the host recycles instances (src/wasm/instance-pool.ts).

export function packResult(ptr: u32, len: u32): u64 {
  return (u64(ptr) << 32) | u64(len);
}

/** A string as UTF-8 in this module's memory, packed as `ptr << 32 | len`; 0 for the empty string. */
export function writeString(s: string): u64 {
  if (s.length == 0) return 0;
  const encoded = String.UTF8.encode(s);
  return packResult(changetype<u32>(encoded), encoded.byteLength);
}

export function readString(ptr: u32, len: u32): string {
  if (len == 0) return '';
  return String.UTF8.decodeUnsafe(ptr, len);
}

export function allocate(size: u32): u32 {
  if (size == 0) return 0;
  return changetype<u32>(new ArrayBuffer(size));
}
