import { type ModelPrice, PRICES_PER_MILLION } from './price-table';
import { ownValue } from '../core/own-value';

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
export function priceOf(model: string): ModelPrice | undefined {
  const exact = ownValue(PRICES_PER_MILLION, model);
  if (exact) return exact;
  // A dated snapshot (what an upstream answers with) would scan the whole table on every request.
  if (byPrefix.has(model)) return byPrefix.get(model);
  if (byPrefix.size >= MAX_REMEMBERED) byPrefix.clear();
  const price = longestPrefix(model);
  byPrefix.set(model, price);
  return price;
}

/** Names matched by prefix, remembered; bounded, as the names come from upstream answers. */
const byPrefix = new Map<string, ModelPrice | undefined>();
const MAX_REMEMBERED = 1000;

function longestPrefix(model: string): ModelPrice | undefined {
  const candidates = [model, ...model.split('.').map((_, i, parts) => parts.slice(i + 1).join('.'))].filter(Boolean);
  for (const candidate of candidates) {
    const name = NAMES.find((n) => candidate.startsWith(n));
    if (name) return PRICES_PER_MILLION[name];
  }
  return undefined;
}

/**
 * USD for one answer's tokens at the price of the first of `models` the table knows (the answer's
 * exact snapshot, then the name asked for); undefined when it knows none. Cached input and cache
 * writes are counted inside `input` and priced at the model's cache rates where the table has them
 * (else as plain input). The gateway prices each attempt once (`recordAnswer`); everything else
 * reads that figure.
 */
export function computeCost(models: readonly (string | undefined)[], tokens: { input: number; output: number; cachedInput?: number; cacheWrite?: number }): Cost | undefined {
  let price: ModelPrice | undefined;
  for (const model of models) if (model && (price = priceOf(model))) break;
  if (!price) return undefined;
  const [inputPrice, outputPrice, cachedPrice = inputPrice, writePrice = inputPrice] = price;
  const cached = Math.min(tokens.cachedInput ?? 0, tokens.input);
  const written = Math.min(tokens.cacheWrite ?? 0, tokens.input - cached);
  const input = ((tokens.input - cached - written) * inputPrice + cached * cachedPrice + written * writePrice) / 1e6;
  const output = (tokens.output * outputPrice) / 1e6;
  return { input, output, total: input + output };
}
