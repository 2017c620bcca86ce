import { expect } from 'vitest';

/** A scrape's sample lines as `name{labels}` → value. */
export type Series = Map<string, number>;

/** Parses the exposition, checking each line's shape as it goes. */
export function parseExposition(text: string): Series {
  const out: Series = new Map();
  for (const line of text.split('\n')) {
    if (line === '') continue;
    if (line.startsWith('#')) {
      expect(line).toMatch(/^# (HELP \w+ .+|TYPE \w+ (counter|histogram))$/);
      continue;
    }
    const m = /^(\w+(?:\{.*\})?) (-?[\d.e+-]+|NaN|\+Inf)$/.exec(line);
    expect(m, line).not.toBeNull();
    out.set(m![1]!, Number(m![2]));
  }
  return out;
}

/** The sum of a metric's series whose labels contain every `must` fragment (`status="200"`). */
export const metricSum = (s: Series, name: string, ...must: string[]) =>
  [...s].filter(([k]) => (k === name || k.startsWith(`${name}{`)) && must.every((p) => k.includes(p))).reduce((n, [, v]) => n + v, 0);

/** Scrapes before and after `during`, and returns the difference of one metric's sum. */
export async function metricDeltas(fetchMetrics: () => Promise<Response>, during: () => Promise<unknown>): Promise<(name: string, ...must: string[]) => number> {
  const scrape = async () => parseExposition(await (await fetchMetrics()).text());
  const before = await scrape();
  await during();
  const after = await scrape();
  return (name, ...must) => metricSum(after, name, ...must) - metricSum(before, name, ...must);
}
