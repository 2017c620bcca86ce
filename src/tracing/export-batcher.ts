// Spans (or any export items) wait here briefly so one request to the backend carries everything
// this isolate finished in the window. The send runs in waitUntil, so no request ever waits for
// it; the buffer is bounded (oldest dropped and counted) so a backend that is down or slow cannot
// grow an isolate's memory, and a send that fails is logged and dropped, never retried inline.

export interface BatcherOptions<T> {
  /** Names the backend in logs. */
  name: string;
  maxBuffer: number;
  delayMs: number;
  send(batch: T[]): Promise<void>;
}

export class ExportBatcher<T> {
  private buffer: T[] = [];
  private pending: Promise<void> | undefined;
  /** Items dropped since the instance started: buffer overflow or failed sends. */
  dropped = 0;

  constructor(private readonly opts: BatcherOptions<T>) {}

  push(items: readonly T[], waitUntil: (p: Promise<unknown>) => void): void {
    this.buffer.push(...items);
    const over = this.buffer.length - this.opts.maxBuffer;
    if (over > 0) {
      this.buffer.splice(0, over);
      this.dropped += over;
    }
    this.pending ??= this.flushAfter();
    waitUntil(this.pending);
  }

  private async flushAfter(): Promise<void> {
    // Always yield first, so `pending` is set before it is cleared, even with no delay.
    await new Promise((r) => setTimeout(r, this.opts.delayMs));
    const batch = this.buffer;
    this.buffer = [];
    this.pending = undefined;
    try {
      await this.opts.send(batch);
    } catch (err) {
      this.dropped += batch.length;
      console.error(JSON.stringify({ level: 'error', msg: `${this.opts.name} export failed`, items: batch.length, dropped_total: this.dropped, error: String(err) }));
    }
  }
}
