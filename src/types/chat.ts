import type { GatewayError } from '../errors/gateway-error';

// Canonical chat types: every provider translates into these and every client dialect encodes out
// of them. They follow OpenAI's chat shape because that is the lingua franca of the field; fields a
// provider does not understand travel in `params` untouched.

export type Role = 'system' | 'developer' | 'user' | 'assistant' | 'tool';

export interface TextPart { type: 'text'; text: string }
export interface ImagePart { type: 'image_url'; image_url: { url: string; detail?: string } }
export type ContentPart = TextPart | ImagePart | ({ type: string } & Record<string, unknown>);

export interface ToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: string };
  /** Gemini's `thoughtSignature` on the functionCall part: it must come back with the call next turn. */
  signature?: string;
}

/** Which provider family minted a reasoning part's opaque forms: only that family can read them back. */
export type ReasoningSource = 'anthropic' | 'gemini' | 'openai' | 'bedrock';

/**
 * One piece of a model's reasoning: the readable text (or summary) and the opaque forms its provider
 * needs back on the next turn to continue a tool loop (Anthropic thinking `signature`, Gemini
 * `thoughtSignature`, Bedrock `reasoningContent.reasoningText.signature`; Anthropic `redacted_thinking`
 * data and OpenAI `encrypted_content` are `redacted`).
 */
export interface ReasoningPart {
  text: string;
  signature?: string;
  redacted?: string;
  /** Set with `signature`/`redacted`; a provider of another family drops those and may keep the text. */
  source?: ReasoningSource;
}

export interface ChatMessage {
  role: Role;
  content: string | ContentPart[] | null;
  name?: string;
  tool_calls?: ToolCall[];
  tool_call_id?: string;
  /** An assistant turn's reasoning, in the order the model produced it (before its text and calls). */
  reasoning?: ReasoningPart[];
}

/**
 * What the client asked of the model's reasoning, in whichever terms its dialect has: OpenAI's and
 * the Responses API's effort words, Anthropic's and Gemini's token budgets. Each provider maps it to
 * its own knob (documented in the README's reasoning table); absent means the provider's default.
 */
export interface ReasoningConfig {
  /** `none` asks for no reasoning (Anthropic `thinking: {type: "disabled"}`). */
  effort?: 'none' | 'minimal' | 'low' | 'medium' | 'high' | 'xhigh';
  budgetTokens?: number;
  /** Anthropic `thinking: {type: "adaptive"}`: the model decides how much to think. */
  adaptive?: boolean;
  /** The Responses API's `reasoning.summary` (`auto`, `concise`, `detailed`). */
  summary?: string;
}

/** A `provider/model` pair, the unit that attempts and fallbacks are made of. */
export interface ModelTarget { provider: string; model: string }

/** What every LLM request has: its target, its fallbacks, and the parameters passed through. */
interface LLMRequestBase extends ModelTarget {
  /** Tried in order when the attempt before fails (and allows fallbacks). */
  fallbacks: ModelTarget[];
  /** Every other parameter (temperature, tools, response_format, dimensions, …), passed through. */
  params: Record<string, unknown>;
}

export interface ChatRequest extends LLMRequestBase {
  readonly kind: 'chat';
  messages: ChatMessage[];
  stream: boolean;
  /** Whether the client asked for the trailing usage chunk (`stream_options.include_usage`). */
  includeUsage: boolean;
  /**
   * Set by the legacy /v1/completions dialect. Providers with a native completions API send it as
   * is; the others answer `messages`, which then hold the prompt as one user message.
   */
  prompt?: string;
  /** Set when the client asked about reasoning (`reasoning_effort`, `reasoning`, `thinking`). */
  reasoning?: ReasoningConfig;
  /** `anthropic-beta` values the client sent, forwarded to Anthropic-kind targets (Anthropic, Bedrock Claude). */
  betas?: string[];
  /**
   * Messages API fields the Anthropic dialect read that steer how Anthropic runs the request
   * (context_management, service_tier, top-level cache_control, speed, inference_geo;
   * `thinking: {display}`), as Anthropic spells them. The Anthropic provider sends them; other
   * providers do not read them, as the request can go without them elsewhere. Kept apart from
   * `params`, which OpenAI-compatible servers receive whole and which reject fields they do not know.
   */
  anthropic?: Record<string, unknown>;
}

export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  [detail: string]: unknown;
}

/** Unified finish reason plus the provider's own word for it. */
export interface FinishReason {
  unified: 'stop' | 'length' | 'tool_calls' | 'content_filter' | 'error' | 'other';
  raw: string | null;
}

export interface ChatChoice {
  index: number;
  message: ChatMessage;
  finishReason: FinishReason;
}

export interface ChatResponse {
  readonly kind: 'chat';
  id: string;
  created: number;
  model: string;
  provider: string;
  choices: ChatChoice[];
  usage?: Usage;
  /** Provider-specific top-level fields worth echoing (system_fingerprint, service_tier, …). */
  extra?: Record<string, unknown>;
  /** A plugin's facts for the client, sent in Bifrost's `extra_fields` (a cache hit's `cache_debug`). */
  extraFields?: Record<string, unknown>;
}

/** One event of a streamed completion; a discriminated union, as the Vercel AI SDK's stream parts. */
export type StreamEvent =
  | { type: 'start'; id: string; created: number; model: string; extra?: Record<string, unknown>; extraFields?: Record<string, unknown> }
  | { type: 'text-delta'; index: number; text: string }
  /** Reasoning text, appended to the choice's open reasoning part (one is opened when none is). */
  | { type: 'reasoning-delta'; index: number; text: string }
  /**
   * Closes the choice's open reasoning part with its opaque forms (Anthropic's signature_delta, a
   * redacted_thinking block, a Gemini thought's signature); with none open it is a part of its own.
   */
  | { type: 'reasoning-end'; index: number; signature?: string; redacted?: string; source?: ReasoningSource }
  | {
      type: 'tool-call-delta';
      index: number;
      toolCallIndex: number;
      id?: string;
      name?: string;
      argumentsDelta: string;
      /** Gemini's thoughtSignature on the call (see ToolCall.signature). */
      signature?: string;
    }
  | { type: 'finish'; index: number; finishReason: FinishReason; usage?: Usage }
  | { type: 'error'; error: GatewayError };

export type StreamEventType = StreamEvent['type'];

/**
 * Inside the gateway streams carry batches of events: whatever arrived in one upstream read moves
 * through every stage together. Hooks still see events and chunks one at a time.
 */
export type StreamEventBatches = ReadableStream<StreamEvent[]>;

export interface EmbeddingRequest extends LLMRequestBase {
  readonly kind: 'embedding';
  /** Always a list here; a single string from the client becomes a list of one. */
  input: string[];
  /** How the client wants vectors back; providers always answer floats, the dialect encodes. */
  encodingFormat: 'float' | 'base64';
}

export interface EmbeddingResponse {
  readonly kind: 'embedding';
  model: string;
  provider: string;
  /** One vector per input, in input order. */
  embeddings: number[][];
  usage?: { prompt_tokens: number; total_tokens: number };
  /** A plugin's facts for the client, sent in `extra_fields`. */
  extraFields?: Record<string, unknown>;
}

/** How many input tokens a chat request would be: its messages (system included) and `params.tools`. */
export interface CountTokensRequest extends LLMRequestBase {
  readonly kind: 'count_tokens';
  messages: ChatMessage[];
  /** `anthropic-beta` values, as on ChatRequest: a counter must see the betas the request would use. */
  betas?: string[];
  /** Anthropic-only Messages fields, as on ChatRequest (count_tokens takes context_management, …). */
  anthropic?: Record<string, unknown>;
}

export interface CountTokensResponse {
  readonly kind: 'count_tokens';
  model: string;
  provider: string;
  inputTokens: number;
  /** True when the provider has no counter and the gateway estimated (about 4 characters a token). */
  estimated: boolean;
  /** A plugin's facts for the client, sent in `extra_fields`. */
  extraFields?: Record<string, unknown>;
}

/**
 * Every request the LLM hooks see, as one union (Bifrost's PreHook receives every request type):
 * plugins switch on `kind`, never on the URL path. A new endpoint adds a member here.
 */
export type LLMRequest = ChatRequest | EmbeddingRequest | CountTokensRequest;
export type LLMResponse = ChatResponse | EmbeddingResponse | CountTokensResponse;
export type LLMRequestKind = LLMRequest['kind'];

/** The response type that answers a request type. */
export type ResponseFor<R extends LLMRequest> = R extends ChatRequest ? ChatResponse : R extends EmbeddingRequest ? EmbeddingResponse : CountTokensResponse;
