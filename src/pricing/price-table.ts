/**
 * List prices in USD per million tokens, [input, output, cached input?, cache write?], from the
 * providers' public price pages (standard tier, no batch discounts). A missing cache price means
 * the table does not know it, and those tokens are priced as plain input. Keyed by model name,
 * because one model served through several providers (anthropic and bedrock, openai and azure) has
 * the same list price. Checked against the price pages in 2025; prices change, so users can
 * override per model in a later release rather than trust this table for invoicing.
 */
export type ModelPrice = readonly [input: number, output: number, cachedInput?: number, cacheWrite?: number];

/**
 * Anthropic prices cache reads at 0.1× the input price and writes at 1.25× (the 5-minute cache;
 * a 1-hour write costs 2×, which usage does not tell apart here, so writes are priced at 5 minutes).
 */
const claude = (input: number, output: number): ModelPrice => [input, output, input * 0.1, input * 1.25];

export const PRICES_PER_MILLION: Readonly<Record<string, ModelPrice>> = {
  // OpenAI (cached input from its price page; OpenAI charges nothing extra to write its cache)
  'gpt-5': [1.25, 10, 0.125],
  'gpt-5-mini': [0.25, 2, 0.025],
  'gpt-5-nano': [0.05, 0.4, 0.005],
  'gpt-4.1': [2, 8, 0.5],
  'gpt-4.1-mini': [0.4, 1.6, 0.1],
  'gpt-4.1-nano': [0.1, 0.4, 0.025],
  'gpt-4o': [2.5, 10, 1.25],
  'gpt-4o-mini': [0.15, 0.6, 0.075],
  o1: [15, 60, 7.5],
  o3: [2, 8, 0.5],
  'o3-mini': [1.1, 4.4, 0.55],
  'o4-mini': [1.1, 4.4, 0.275],
  'gpt-3.5-turbo': [0.5, 1.5],
  'gpt-3.5-turbo-instruct': [1.5, 2],
  'text-embedding-3-small': [0.02, 0],
  'text-embedding-3-large': [0.13, 0],
  // Anthropic (also on Bedrock)
  'claude-opus-4-1': claude(15, 75),
  'claude-opus-4': claude(15, 75),
  'claude-sonnet-4-5': claude(3, 15),
  'claude-sonnet-4': claude(3, 15),
  'claude-3-7-sonnet': claude(3, 15),
  'claude-3-5-sonnet': claude(3, 15),
  'claude-haiku-4-5': claude(1, 5),
  'claude-3-5-haiku': claude(0.8, 4),
  'claude-3-haiku': claude(0.25, 1.25),
  // Google
  'gemini-2.5-pro': [1.25, 10],
  'gemini-2.5-flash': [0.3, 2.5],
  'gemini-2.5-flash-lite': [0.1, 0.4],
  'gemini-2.0-flash': [0.1, 0.4],
  // Groq
  'llama-3.3-70b-versatile': [0.59, 0.79],
  'llama-3.1-8b-instant': [0.05, 0.08],
  // Mistral
  'mistral-large-latest': [2, 6],
  'mistral-small-latest': [0.1, 0.3],
  // DeepSeek
  'deepseek-chat': [0.27, 1.1],
  'deepseek-reasoner': [0.55, 2.19],
  // Cohere
  'command-a-03-2025': [2.5, 10],
  'command-r-plus': [2.5, 10],
  'command-r': [0.15, 0.6],
  // Amazon
  'amazon.titan-embed-text-v2': [0.02, 0],
};
