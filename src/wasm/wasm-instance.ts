import { ProcExit, wasiImports } from './wasi';

// One instance of a plugin module and Bifrost's calling convention: the host `malloc`s a buffer
// in the plugin's memory, writes the UTF-8 JSON input there, calls `hook(ptr, len)`, and reads the
// result packed as `ptr << 32 | len`. The host frees its inputs (through `free(ptr)` or
// `free(ptr, size)`, whichever the plugin exports) and never the outputs: some plugins return
// memory their `free` does not own. What leaks is bounded by recycling the instance (instance-pool.ts).

/** A hook trapped (or the plugin exited): its memory may be mid-update, so the instance is dropped. */
export class WasmTrap extends Error {
  override name = 'WasmTrap';
}

export interface WasmLogger {
  (level: 'info' | 'error', line: string): void;
}

type Exported = Record<string, WebAssembly.ExportValue>;

const encoder = new TextEncoder();
const decoder = new TextDecoder();

export class WasmInstance {
  private readonly exports: Exported;
  private readonly memory: WebAssembly.Memory;
  private readonly freeArity: number;
  /** Hook calls made on this instance. */
  calls = 0;

  constructor(module: WebAssembly.Module, log: WasmLogger) {
    const imports: WebAssembly.Imports = {};
    const wasi: string[] = [];
    for (const imp of WebAssembly.Module.imports(module)) {
      if (imp.module === 'wasi_snapshot_preview1' && imp.kind === 'function') wasi.push(imp.name);
      // AssemblyScript's default abort handler: report and trap.
      else if (imp.module === 'env' && imp.name === 'abort' && imp.kind === 'function') {
        imports.env = { ...imports.env, abort: (msg: number, file: number) => this.abort(msg, file) };
      } else throw new Error(`imports ${imp.module}.${imp.name} (${imp.kind}), which the host does not provide: only wasi_snapshot_preview1 functions and env.abort`);
    }
    if (wasi.length > 0) {
      imports.wasi_snapshot_preview1 = wasiImports(wasi, {
        memory: () => this.memory,
        write: (fd, line) => log(fd === 1 ? 'info' : 'error', line),
      });
    }
    const instance = new WebAssembly.Instance(module, imports);
    this.exports = instance.exports;
    const memory = this.exports.memory;
    if (!(memory instanceof WebAssembly.Memory)) throw new Error('exports no memory');
    this.memory = memory;
    if (typeof this.exports.malloc !== 'function') throw new Error('exports no malloc');
    this.freeArity = typeof this.exports.free === 'function' ? this.exports.free.length : -1;
    // TinyGo's `_start` sets up its heap and runs package init, then returns (or exits with 0).
    const start = this.exports._initialize ?? this.exports._start;
    if (typeof start === 'function') {
      try {
        start();
      } catch (err) {
        if (!(err instanceof ProcExit && err.code === 0)) throw err;
      }
    }
  }

  has(name: string): boolean {
    return typeof this.exports[name] === 'function';
  }

  /** The linear memory's size now: it only ever grows, which is why instances are recycled. */
  get memoryBytes(): number {
    return this.memory.buffer.byteLength;
  }

  /** `get_name()`, or undefined when the plugin returns nothing. */
  getName(): string | undefined {
    return this.readPacked(this.guard('get_name', () => (this.exports.get_name as () => bigint)()));
  }

  /** `init(config)`: the plugin's status code, 0 for success; plugins without `init` succeed. */
  init(configJson: string): number {
    if (!this.has('init')) return 0;
    return this.withInput('init', configJson, (ptr, len) => (this.exports.init as (p: number, l: number) => number)(ptr, len));
  }

  /** A hook: JSON in, JSON out (undefined when the plugin returned 0, "no output"). */
  call(hook: string, inputJson: string): string | undefined {
    this.calls++;
    const packed = this.withInput(hook, inputJson, (ptr, len) => (this.exports[hook] as (p: number, l: number) => bigint)(ptr, len));
    return this.readPacked(packed);
  }

  /** `cleanup()`: 0 for success; plugins without it succeed. */
  cleanup(): number {
    if (!this.has('cleanup')) return 0;
    return this.guard('cleanup', () => (this.exports.cleanup as () => number)());
  }

  private withInput<T>(fn: string, json: string, call: (ptr: number, len: number) => T): T {
    const bytes = encoder.encode(json);
    const len = bytes.length;
    const ptr = len === 0 ? 0 : this.guard('malloc', () => (this.exports.malloc as (n: number) => number)(len) >>> 0);
    if (len > 0 && ptr === 0) throw new Error(`malloc(${len}) failed`);
    // Read the buffer after malloc: growing memory detaches the old one.
    if (len > 0) new Uint8Array(this.memory.buffer, ptr, len).set(bytes);
    const result = this.guard(fn, () => call(ptr, len));
    if (len > 0 && this.freeArity >= 0) {
      const free = this.exports.free as (p: number, n?: number) => void;
      this.guard('free', () => (this.freeArity >= 2 ? free(ptr, len) : free(ptr)));
    }
    return result;
  }

  private readPacked(packed: bigint | number): string | undefined {
    const value = BigInt(packed) & 0xffff_ffff_ffff_ffffn;
    if (value === 0n) return undefined;
    const ptr = Number(value >> 32n);
    const len = Number(value & 0xffff_ffffn);
    if (ptr + len > this.memory.buffer.byteLength) throw new WasmTrap(`returned ${len} bytes at ${ptr}, outside its ${this.memory.buffer.byteLength}-byte memory`);
    return decoder.decode(new Uint8Array(this.memory.buffer, ptr, len));
  }

  /** Anything thrown out of the module (a trap, proc_exit, a stack overflow) becomes a WasmTrap. */
  private guard<T>(fn: string, call: () => T): T {
    try {
      return call();
    } catch (err) {
      if (err instanceof WasmTrap) throw err;
      throw new WasmTrap(`${fn} trapped: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
  }

  /** AssemblyScript's `abort(message, file, line, column)`: the strings are UTF-16 with a length header. */
  private abort(msg: number, file: number): never {
    throw new WasmTrap(`abort: ${this.asString(msg) ?? 'no message'}${file ? ` in ${this.asString(file)}` : ''}`);
  }

  private asString(ptr: number): string | undefined {
    if (!ptr || ptr < 4 || ptr > this.memory.buffer.byteLength) return undefined;
    const bytes = new DataView(this.memory.buffer).getUint32(ptr - 4, true);
    if (ptr + bytes > this.memory.buffer.byteLength) return undefined;
    return String.fromCharCode(...new Uint16Array(this.memory.buffer.slice(ptr, ptr + (bytes & ~1))));
  }
}
