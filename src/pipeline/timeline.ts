// One request's timeline: every hook the runner ran, every attempt (primary, fallbacks) and every
// upstream try within an attempt (retries). Tracing plugins build spans from it, the logs keep it
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

export interface TryTiming {
  /** 0 for the first call, n for the n-th retry. */
  try: number;
  /** The try's span id: the parent id of the `traceparent` the provider received. */
  spanId: string;
  /** The provider key's name, never its value. */
  key: string | null;
  start: number;
  /** Undefined while a streamed answer is still flowing. */
  end: number | undefined;
  status: number;
  error: string | null;
}

export interface AttemptTiming {
  index: number;
  provider: string;
  model: string;
  start: number;
  end: number | undefined;
  outcome: 'response' | 'stream' | 'error' | undefined;
  error: string | null;
  /** The plugin whose pre hook answered instead of the provider, if one did. */
  shortCircuitBy: string | null;
  tries: TryTiming[];
}

/** Where a stream's per-event calls of one plugin's hook aggregate; filled by the first call. */
export interface StreamSlot {
  entry?: HookTiming;
}

/** What plugins may read (the gateway writes it). */
export interface TimelineView {
  readonly hooks: readonly Readonly<HookTiming>[];
  readonly attempts: readonly Readonly<AttemptTiming>[];
}

export class Timeline implements TimelineView {
  readonly hooks: HookTiming[] = [];
  readonly attempts: AttemptTiming[] = [];

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

  beginAttempt(index: number, provider: string, model: string): AttemptTiming {
    const attempt: AttemptTiming = { index, provider, model, start: Date.now(), end: undefined, outcome: undefined, error: null, shortCircuitBy: null, tries: [] };
    this.attempts.push(attempt);
    return attempt;
  }

  /** A streamed attempt stays open until the stream ends (see `close`). */
  endAttempt(attempt: AttemptTiming, outcome: 'response' | 'stream' | 'error', error?: string): void {
    attempt.outcome = outcome;
    attempt.error = error ?? null;
    if (outcome !== 'stream') attempt.end = Date.now();
  }

  /** The request is done: whatever is still open (a stream and its upstream try) ends now. */
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
      outcome: a.outcome ?? null,
      error: a.error,
      short_circuit_by: a.shortCircuitBy,
      tries: a.tries.map((t) => ({ try: t.try, key: t.key, start_ms: rel(t.start), end_ms: rel(t.end ?? t.start), status: t.status, error: t.error })),
    })),
  };
}

export type TimelineRecord = ReturnType<typeof timelineRecord>;
