import type { GatewayError } from '../errors/gateway-error';
import type { CacheHit } from '../pipeline/gateway-keys';
import { type Cost, computeCost } from '../pricing/compute-cost';
import type { FinishReason, LLMRequest, LLMRequestKind, LLMResponse, Usage } from '../types/chat';

// What one attempt (the primary, or a fallback) did, as the gateway saw it. The core fills it in
// once, from the translators' usage and finish events and the hooks' short-circuits; telemetry,
// logging, budgets, tracing and the response's `extra_fields` all read these same values.

/** Token counts in one vocabulary, whatever the provider called them. */
export interface TokenUsage {
  input: number;
  output: number;
  total: number;
  /** Reasoning ("thinking") tokens, counted inside `output`, where the provider reports them. */
  reasoning?: number;
  /** Input tokens read from a prompt cache, counted inside `input`, where reported. */
  cachedInput?: number;
  /** Input tokens written to a prompt cache (Anthropic's cache_creation_input_tokens), counted inside `input`. */
  cacheWrite?: number;
}

/** An error as observers see it: what the client was (or would have been) told. */
export interface ErrorFacts {
  status: number;
  type: string;
  code: string | null;
  message: string;
}

/** One upstream call within an attempt (retries make more). */
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

export interface Attempt {
  /** 0 for the primary attempt, n for the n-th fallback. */
  readonly index: number;
  readonly kind: LLMRequestKind;
  /** The target called: after routing hooks, so a rewritten model is the one named here. */
  provider: string;
  model: string;
  stream: boolean;
  start: number;
  /** Undefined while a streamed answer is still flowing. */
  end: number | undefined;
  result: 'response' | 'stream' | 'error' | undefined;
  /** The plugin whose pre hook answered instead of a provider (a cache, the mocker), if one did. */
  answeredBy: string | null;
  /** Set when that plugin was a cache (it set `SharedKeys.cacheHit`). */
  cacheHit: CacheHit | null;
  /** The request as the provider (or the answering plugin) received it, after the pre hooks. */
  request: LLMRequest | undefined;
  /** The answer after the post hooks; for streams, assembled from its events (text capped). */
  response: LLMResponse | undefined;
  responseId: string | undefined;
  responseModel: string | undefined;
  /** Every choice's text, in choice order. */
  outputText: string;
  /** Per choice, in choice order. */
  finishReasons: FinishReason['unified'][];
  usage: TokenUsage | undefined;
  /** USD; 0 when a plugin answered (no provider was paid); undefined when the price is unknown. */
  cost: number | undefined;
  /** The same cost, split between input and output tokens. */
  costSplit: { input: number; output: number } | undefined;
  /** Streams: when the first content event passed (time to first token). */
  firstTokenAt: number | undefined;
  /** Streams: seconds between consecutive content events (bounded, see MAX_GAPS). */
  interTokenSeconds: number[];
  error: ErrorFacts | null;
  tries: TryTiming[];
}

export function newAttempt(index: number, request: LLMRequest): Attempt {
  return {
    index,
    kind: request.kind,
    provider: request.provider,
    model: request.model,
    stream: request.kind === 'chat' && request.stream,
    start: Date.now(),
    end: undefined,
    result: undefined,
    answeredBy: null,
    cacheHit: null,
    request: undefined,
    response: undefined,
    responseId: undefined,
    responseModel: undefined,
    outputText: '',
    finishReasons: [],
    usage: undefined,
    cost: undefined,
    costSplit: undefined,
    firstTokenAt: undefined,
    interTokenSeconds: [],
    error: null,
    tries: [],
  };
}

export function errorFacts(err: GatewayError): ErrorFacts {
  return { status: err.status, type: err.type, code: err.code ?? null, message: err.message };
}

/** The answer's facts: what it said, how it finished, what it used and cost. The one pricing call. */
export function recordAnswer(attempt: Attempt, response: LLMResponse): void {
  attempt.response = response;
  attempt.responseModel = response.model || undefined;
  if (response.kind === 'chat') {
    attempt.responseId = response.id;
    attempt.outputText = response.choices.map((c) => (typeof c.message.content === 'string' ? c.message.content : '')).join('');
    attempt.finishReasons = response.choices.map((c) => c.finishReason.unified);
  }
  // Counting tokens uses none: no usage, no cost.
  recordUsage(attempt, response.kind === 'count_tokens' ? undefined : response.usage);
}

/** The attempt's usage and its price (by the response model when known). */
export function recordUsage(attempt: Attempt, usage: Usage | { prompt_tokens: number; total_tokens: number } | undefined): void {
  attempt.usage = usage && tokenUsage(usage);
  const cost = attempt.usage && priceOfAttempt(attempt, attempt.usage);
  attempt.cost = cost?.total;
  attempt.costSplit = cost && { input: cost.input, output: cost.output };
}

export function recordError(attempt: Attempt, error: GatewayError): void {
  attempt.result = 'error';
  attempt.error = errorFacts(error);
}

const round = (usd: number) => Math.round(usd * 1e12) / 1e12;

function priceOfAttempt(attempt: Attempt, usage: TokenUsage): Cost | undefined {
  if (attempt.answeredBy !== null) return { input: 0, output: 0, total: 0 };
  // The answer names the exact snapshot; the request's name stands in where the table lacks it.
  const cost = computeCost([attempt.responseModel, attempt.model], usage);
  // Rounded once, here, so the response, the log, the metric and the ledger hold the same number.
  return cost && { input: round(cost.input), output: round(cost.output), total: round(cost.total) };
}

const count = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) && v >= 0 ? v : undefined);
const detail = (v: unknown, key: string): number | undefined => (v && typeof v === 'object' ? count((v as Record<string, unknown>)[key]) : undefined);

/** Canonical (OpenAI-named) usage → the observers' vocabulary, details included where present. */
export function tokenUsage(usage: Usage | { prompt_tokens: number; total_tokens: number }): TokenUsage {
  const input = count(usage.prompt_tokens) ?? 0;
  const output = count((usage as Usage).completion_tokens) ?? 0;
  const out: TokenUsage = { input, output, total: count(usage.total_tokens) ?? input + output };
  const reasoning = detail((usage as Usage).completion_tokens_details, 'reasoning_tokens');
  if (reasoning !== undefined) out.reasoning = reasoning;
  const cached = detail((usage as Usage).prompt_tokens_details, 'cached_tokens') ?? count((usage as Usage).cache_read_input_tokens);
  if (cached !== undefined) out.cachedInput = cached;
  const written = count((usage as Usage).cache_creation_input_tokens);
  if (written !== undefined) out.cacheWrite = written;
  return out;
}
