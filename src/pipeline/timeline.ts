import { type Attempt, newAttempt } from '../facts/attempt';
import type { LLMRequest } from '../types/chat';

// One request's timeline: every hook the runner ran, every attempt (primary, fallbacks) with its
// facts and its upstream tries (retries). Tracing plugins build spans from it, the logs keep it
// for the per-request detail view. Times are epoch ms (Workers advance the clock only across I/O,
// so hooks that do no I/O show 0 ms there; the order and the I/O-bound parts are what it shows).

/** A hook of one plugin within one attempt. Per-event hooks on streams aggregate into one entry. */
export interface HookTiming {
  plugin: string;
  hook: string;
  /** The attempt for LLM hooks; null for transport hooks (HTTP pre/post, stream chunks). */
  attempt: number | null;
  start: number;
  end: number;
  /** Sum of the calls' own durations (differs from end - start on streams). */
  durationMs: number;
  calls: number;
  failed: boolean;
}

/** Where a stream's per-event calls of one plugin's hook aggregate; filled by the first call. */
export interface StreamSlot {
  entry?: HookTiming;
}

/** What plugins may read (the gateway writes it). */
export interface TimelineView {
  readonly hooks: readonly Readonly<HookTiming>[];
  readonly attempts: readonly Readonly<Attempt>[];
}

export class Timeline implements TimelineView {
  readonly hooks: HookTiming[] = [];
  readonly attempts: Attempt[] = [];

  /**
   * One hook call. `slot` is the entry of a per-event hook on a stream (the runner keeps one per
   * plugin for the stream's life), which grows with each event instead of adding entries.
   */
  hook(plugin: string, hook: string, attempt: number | null, start: number, end: number, failed: boolean, slot?: StreamSlot): void {
    const entry = slot?.entry;
    if (entry) {
      entry.end = end;
      entry.durationMs += end - start;
      entry.calls++;
      if (failed) entry.failed = true;
      return;
    }
    const created: HookTiming = { plugin, hook, attempt, start, end, durationMs: end - start, calls: 1, failed };
    this.hooks.push(created);
    if (slot) slot.entry = created;
  }

  beginAttempt(index: number, request: LLMRequest): Attempt {
    const attempt = newAttempt(index, request);
    this.attempts.push(attempt);
    return attempt;
  }

  /** The request is done: whatever is still open (an attempt, an upstream try) ends now. */
  close(now = Date.now()): void {
    for (const attempt of this.attempts) {
      attempt.end ??= now;
      for (const t of attempt.tries) t.end ??= now;
    }
  }
}

/**
 * The shape stored with a log row (the detail view reads it): ms relative to the request's start.
 * It is taken after `close()`, so every attempt and try has its end.
 */
export function timelineRecord(timeline: TimelineView, requestStart: number) {
  const rel = (t: number) => t - requestStart;
  return {
    hooks: timeline.hooks.map((h) => ({ plugin: h.plugin, hook: h.hook, attempt: h.attempt, start_ms: rel(h.start), duration_ms: h.durationMs, calls: h.calls, failed: h.failed })),
    attempts: timeline.attempts.map((a) => ({
      index: a.index,
      provider: a.provider,
      model: a.model,
      start_ms: rel(a.start),
      end_ms: rel(a.end ?? a.start),
      /** Null only if the attempt never settled (the request failed inside the gateway). */
      outcome: a.result ?? null,
      error: a.error?.message ?? null,
      short_circuit_by: a.answeredBy,
      tries: a.tries.map((t) => ({ try: t.try, key: t.key, start_ms: rel(t.start), end_ms: rel(t.end ?? t.start), status: t.status, error: t.error })),
    })),
  };
}

export type TimelineRecord = ReturnType<typeof timelineRecord>;
