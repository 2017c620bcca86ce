// How the pages print times, money and durations: UTC, so every viewer reads the same figures.

export const formatTime = (ms: number): string => `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;

export const formatUsd = (usd: number | null): string => (usd === null ? '—' : `$${usd < 0.01 && usd > 0 ? usd.toPrecision(2) : usd.toFixed(2)}`);

export function formatMs(ms: number): string {
  if (ms >= 60_000) return `${+(ms / 60_000).toFixed(1)} min`;
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${Math.round(ms)} ms`;
}

/** Small shares stay visible: 0.0013 % is "<0.01 %", not "0.00 %". */
export const formatPercent = (percent: number): string => (percent > 0 && percent < 0.01 ? '<0.01 %' : `${+percent.toFixed(2)} %`);
