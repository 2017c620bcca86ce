const UNIT_MS: Record<string, number> = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000, w: 604_800_000 };

/** Bifrost's reset durations: `30s`, `5m`, `1h`, `1d`, `1w`, and `1M` for calendar months. */
export const DURATION = /^(\d+)(s|m|h|d|w|M)$/;

/** When a period that started at `start` (ms) ends. */
export function periodEnd(start: number, duration: string): number {
  const m = DURATION.exec(duration);
  if (!m) throw new Error(`not a duration: ${duration}`);
  const n = Number(m[1]);
  if (m[2] === 'M') {
    const d = new Date(start);
    return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), d.getUTCMilliseconds());
  }
  return start + n * UNIT_MS[m[2]!]!;
}

/** A TTL given as seconds (`300`, `"300"`) or a fixed duration (`"30s"`, `"5m"`, `"1h"`, `"1d"`, `"1w"`); undefined if neither. */
export function ttlSeconds(value: number | string): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) && value > 0 ? value : undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) > 0 ? Number(value) : undefined;
  const m = /^(\d+)(s|m|h|d|w)$/.exec(value);
  return m && Number(m[1]) > 0 ? (Number(m[1]) * UNIT_MS[m[2]!]!) / 1000 : undefined;
}
