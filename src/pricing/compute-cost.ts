import { PRICES_PER_MILLION } from './price-table';

export interface Cost {
  input: number;
  output: number;
  total: number;
}

const NAMES = Object.keys(PRICES_PER_MILLION).sort((a, b) => b.length - a.length);

/**
 * The list price of a model: exact name, else the longest table name it starts with (dated
 * snapshots like `gpt-4o-mini-2024-07-18`), also after a Bedrock vendor/region prefix
 * (`us.anthropic.claude-…`). Undefined for models the table does not know.
 */
export function priceOf(model: string): readonly [number, number] | undefined {
  const exact = PRICES_PER_MILLION[model];
  if (exact) return exact;
  const candidates = [model, ...model.split('.').map((_, i, parts) => parts.slice(i + 1).join('.'))].filter(Boolean);
  for (const candidate of candidates) {
    const name = NAMES.find((n) => candidate.startsWith(n));
    if (name) return PRICES_PER_MILLION[name];
  }
  return undefined;
}

/**
 * USD for one answer's tokens at the price of the first of `models` the table knows (the answer's
 * exact snapshot, then the name asked for); undefined when it knows none. The gateway prices each
 * attempt once (`recordAnswer`); everything else reads that figure.
 */
export function computeCost(models: readonly (string | undefined)[], tokens: { input: number; output: number }): Cost | undefined {
  let price: readonly [number, number] | undefined;
  for (const model of models) if (model && (price = priceOf(model))) break;
  if (!price) return undefined;
  const input = (tokens.input * price[0]) / 1e6;
  const output = (tokens.output * price[1]) / 1e6;
  return { input, output, total: input + output };
}
