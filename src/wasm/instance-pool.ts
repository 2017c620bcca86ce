import { WasmInstance, type WasmLogger, WasmTrap } from './wasm-instance';

/**
 * When an instance is replaced by a fresh one. Linear memory never shrinks, and plugins built the
 * usual way (AssemblyScript's stub runtime, bump allocators) never free, so an instance grows with
 * every call: a recycled instance gives the memory back. The defaults keep one plugin instance
 * well inside a Worker isolate's 128 MB.
 */
export interface RecyclePolicy {
  /** Replace the instance once a call leaves its memory at or above this many bytes. */
  maxMemoryBytes: number;
  /** Replace it after this many hook calls. */
  maxCalls: number;
}

export const DEFAULT_RECYCLE: RecyclePolicy = { maxMemoryBytes: 16 * 1024 * 1024, maxCalls: 10_000 };

/** What the pool did, for tests, the bench and logs. */
export interface PoolStats {
  /** Instances created, the first included. */
  instances: number;
  /** Instances replaced for their memory or call count. */
  recycled: number;
  /** Instances dropped because a call trapped. */
  trapped: number;
  /** The most linear memory any instance held after a call (before it was recycled). */
  peakMemoryBytes: number;
}

/**
 * The instance(s) behind one plugin entry. Every hook is one synchronous call into the module, so
 * requests of an isolate never interleave inside an instance: one live instance serves them all,
 * as Bifrost's host serves a loaded plugin, and state between a request's hooks travels in its
 * context. An instance whose call traps is discarded before anything else touches it; the next
 * call gets a fresh one, initialised with the same config.
 */
export class InstancePool {
  private current: WasmInstance | undefined;
  /** `get_name()` of the first instance (Bifrost reports it beside the configured name). */
  readonly actualName: string | undefined;
  readonly stats: PoolStats = { instances: 0, recycled: 0, trapped: 0, peakMemoryBytes: 0 };

  constructor(
    private readonly module: WebAssembly.Module,
    private readonly configJson: string,
    private readonly log: WasmLogger,
    private readonly policy: RecyclePolicy = DEFAULT_RECYCLE,
  ) {
    const first = this.create();
    this.actualName = first.getName();
    this.current = first;
  }

  /** The hooks this module exports (checked on the first instance; every instance is the same module). */
  exports(name: string): boolean {
    return this.instance().has(name);
  }

  call(hook: string, inputJson: string): string | undefined {
    const instance = this.instance();
    let out: string | undefined;
    try {
      out = instance.call(hook, inputJson);
    } catch (err) {
      if (err instanceof WasmTrap) {
        this.current = undefined;
        this.stats.trapped++;
      }
      throw err;
    }
    const memory = instance.memoryBytes;
    if (memory > this.stats.peakMemoryBytes) this.stats.peakMemoryBytes = memory;
    if (memory >= this.policy.maxMemoryBytes || instance.calls >= this.policy.maxCalls) this.retire(instance);
    return out;
  }

  /** The live instance's memory, 0 when none is live (after a trap or a recycle). */
  get memoryBytes(): number {
    return this.current?.memoryBytes ?? 0;
  }

  /** `cleanup()` on the live instance; the pool is empty afterwards. */
  dispose(): void {
    const instance = this.current;
    this.current = undefined;
    if (instance) {
      const code = instance.cleanup();
      if (code !== 0) throw new Error(`cleanup returned ${code}`);
    }
  }

  private instance(): WasmInstance {
    this.current ??= this.create();
    return this.current;
  }

  private create(): WasmInstance {
    const instance = new WasmInstance(this.module, this.log);
    const code = instance.init(this.configJson);
    if (code !== 0) throw new Error(`init returned ${code}`);
    this.stats.instances++;
    return instance;
  }

  private retire(instance: WasmInstance): void {
    this.current = undefined;
    this.stats.recycled++;
    try {
      instance.cleanup();
    } catch {
      // The instance is gone either way; a cleanup that traps has nothing left to release.
    }
  }
}
