// The part of WASI (snapshot preview1) that TinyGo and Rust `wasm32-wasi` plugins import: output
// goes to the plugin's logger, time and randomness are real, there are no args, environment or
// files, and everything else answers ENOSYS, so a plugin that links more still loads.

const ESUCCESS = 0;
const EBADF = 8;
const EINVAL = 28;
const ENOSYS = 52;

/** `proc_exit` ends the call it happens in; code 0 from a start function is a normal exit. */
export class ProcExit extends Error {
  constructor(readonly code: number) {
    super(`the plugin called proc_exit(${code})`);
  }
}

export interface WasiHost {
  memory(): WebAssembly.Memory;
  /** One line the plugin wrote to fd 1 (stdout) or 2 (stderr). */
  write(fd: 1 | 2, line: string): void;
}

/** The import object for `wasi_snapshot_preview1`, for the names this module actually imports. */
export function wasiImports(names: readonly string[], host: WasiHost): Record<string, (...args: number[]) => unknown> {
  const view = () => new DataView(host.memory().buffer);
  const pending: Record<1 | 2, string> = { 1: '', 2: '' };
  const decoder = new TextDecoder();
  const known: Record<string, (...args: never[]) => unknown> = {
    fd_write(fd: number, iovs: number, count: number, written: number) {
      if (fd !== 1 && fd !== 2) return EBADF;
      const dv = view();
      const bytes = new Uint8Array(host.memory().buffer);
      let total = 0;
      let text = '';
      for (let i = 0; i < count; i++) {
        const ptr = dv.getUint32(iovs + i * 8, true);
        const len = dv.getUint32(iovs + i * 8 + 4, true);
        text += decoder.decode(bytes.subarray(ptr, ptr + len));
        total += len;
      }
      const lines = (pending[fd] + text).split('\n');
      pending[fd] = lines.pop() ?? '';
      // A plugin that never writes a newline still gets its output logged, a line at a time.
      if (pending[fd].length > 4096) {
        lines.push(pending[fd].slice(0, 4096));
        pending[fd] = pending[fd].slice(4096);
      }
      for (const line of lines) host.write(fd, line);
      view().setUint32(written, total, true);
      return ESUCCESS;
    },
    proc_exit(code: number) {
      throw new ProcExit(code);
    },
    random_get(ptr: number, len: number) {
      const out = new Uint8Array(host.memory().buffer, ptr, len);
      // getRandomValues fills at most 65536 bytes at a time.
      for (let i = 0; i < len; i += 65536) crypto.getRandomValues(out.subarray(i, Math.min(len, i + 65536)));
      return ESUCCESS;
    },
    clock_time_get(clock: number, _precision: bigint, out: number) {
      if (clock > 3) return EINVAL;
      // Realtime for clock 0; the others (monotonic, CPU time) from the same clock, which is what a
      // Worker has (its clock advances only between I/O, a mitigation against timing attacks).
      view().setBigUint64(out, BigInt(Date.now()) * 1_000_000n, true);
      return ESUCCESS;
    },
    clock_res_get(_clock: number, out: number) {
      view().setBigUint64(out, 1_000_000n, true);
      return ESUCCESS;
    },
    args_sizes_get: (count: number, size: number) => zeroSizes(view(), count, size),
    environ_sizes_get: (count: number, size: number) => zeroSizes(view(), count, size),
    args_get: () => ESUCCESS,
    environ_get: () => ESUCCESS,
    fd_prestat_get: () => EBADF,
    sched_yield: () => ESUCCESS,
  };
  const out: Record<string, (...args: number[]) => unknown> = {};
  for (const name of names) out[name] = (known[name] as ((...args: number[]) => unknown) | undefined) ?? (() => ENOSYS);
  return out;
}

function zeroSizes(dv: DataView, count: number, size: number): number {
  dv.setUint32(count, 0, true);
  dv.setUint32(size, 0, true);
  return ESUCCESS;
}
