import { recorder } from '../metrics/recorder';

// What a vendor exporter (Datadog, Maxim) finished per request waits here, per isolate, so one
// call to the backend carries every request of a short window. All of it runs in waitUntil: no
// request waits for an export, and none fails because of one. At most one send is in flight; what
// arrives meanwhile queues in a bounded buffer (the oldest dropped and counted), so a backend that
// is down or hangs costs one pending fetch (ended by the sender's timeout) and `maxBuffer` items.

export interface ExportBatcherOptions<T> {
  /** Names the exporter in logs and in `heimdall_export_dropped_total{exporter}`. */
  name: string;
  /** Items queued at most; beyond it the oldest go. */
  maxBuffer: number;
  /** Items per send; a buffer this full is sent without waiting out the delay. */
  maxBatch: number;
  /** How long the first item of a batch waits for company. */
  delayMs: number;
  /** Delivers one batch; a rejection counts the batch as dropped (it is not retried). */
  send(batch: T[]): Promise<void>;
  /**
   * How long one drain may keep sending before it leaves what is left to the next push's request
   * (default 15 s: with a 0.5 s delay and a 10 s send timeout, well inside waitUntil's 30 s).
   */
  drainMaxMs?: number;
}

export class ExportBatcher<T> {
  private buffer: T[] = [];
  private draining: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  /** Overflow since the last send, logged once per send rather than once per item. */
  private overflow = 0;

  constructor(private readonly opts: ExportBatcherOptions<T>) {}

  push(item: T, waitUntil: (p: Promise<unknown>) => void): void {
    this.buffer.push(item);
    if (this.buffer.length > this.opts.maxBuffer) {
      const over = this.buffer.splice(0, this.buffer.length - this.opts.maxBuffer).length;
      recorder.inc('heimdall_export_dropped_total', { exporter: this.opts.name, reason: 'buffer_full' }, over);
      this.overflow += over;
    }
    if (this.buffer.length >= this.opts.maxBatch) this.wake?.();
    // Only the push that starts a drain holds it in its waitUntil: the drain's timers and sends run
    // in that request's context, so other requests waiting on it add no durability, only cost
    // (a promise of another request's context in every waitUntil; see plugins/logging/log-writer.ts).
    if (!this.draining) {
      this.draining = this.drain();
      waitUntil(this.draining);
    }
  }

  private async drain(): Promise<void> {
    const started = Date.now();
    for (;;) {
      await new Promise<void>((resolve) => {
        if (this.buffer.length >= this.opts.maxBatch) return resolve();
        const timer = setTimeout(resolve, this.opts.delayMs);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
      const batch = this.buffer.splice(0, this.opts.maxBatch);
      try {
        await this.opts.send(batch);
      } catch (err) {
        recorder.inc('heimdall_export_dropped_total', { exporter: this.opts.name, reason: 'send_failed' }, batch.length);
        this.log({ reason: 'send_failed', items: batch.length, error: String(err) });
      }
      if (this.overflow > 0) {
        this.log({ reason: 'buffer_full', items: this.overflow });
        this.overflow = 0;
      }
      // Checked with no await in between, so a push either sees `draining` set or starts anew.
      // Under sustained traffic the buffer never empties; the drain still ends after drainMaxMs,
      // inside waitUntil's 30 s, and what is left waits for the next push to start a drain in its
      // own request (a context past its limit is cancelled, and `draining` would never clear).
      if (this.buffer.length === 0 || Date.now() - started >= (this.opts.drainMaxMs ?? 15_000)) {
        this.draining = undefined;
        return;
      }
    }
  }

  private log(fields: { reason: 'buffer_full' | 'send_failed'; items: number; error?: string }): void {
    console.error(JSON.stringify({ level: 'error', msg: `${this.opts.name} export dropped items`, ...fields }));
  }
}

/** A fetch for exporters: bounded in time, and a non-2xx answer is a failure (the body is drained). */
export async function exportFetch(url: string, init: RequestInit, timeoutMs: number): Promise<void> {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  await res.body?.cancel();
  // Named without the query string: the URL is logged, and only the path says which endpoint failed.
  const { origin, pathname } = new URL(url);
  if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${origin}${pathname} answered ${res.status}`);
}
