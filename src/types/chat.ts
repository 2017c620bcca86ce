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
}

export interface ChatMessage {
  role: Role;
  content: string | ContentPart[] | null;
  name?: string;
  tool_calls?: ToolCall[];
  tool_call_id?: string;
}

/** A `provider/model` pair, the unit that attempts and fallbacks are made of. */
export interface ModelTarget { provider: string; model: string }

export interface ChatRequest extends ModelTarget {
  messages: ChatMessage[];
  stream: boolean;
  /** Whether the client asked for the trailing usage chunk (`stream_options.include_usage`). */
  includeUsage: boolean;
  fallbacks: ModelTarget[];
  /** Every other OpenAI parameter (temperature, tools, response_format, …), passed through. */
  params: Record<string, unknown>;
  /**
   * Set by the legacy /v1/completions dialect. Providers with a native completions API send it as
   * is; the others answer `messages`, which then hold the prompt as one user message.
   */
  prompt?: string;
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
  id: string;
  created: number;
  model: string;
  provider: string;
  choices: ChatChoice[];
  usage?: Usage;
  /** Provider-specific top-level fields worth echoing (system_fingerprint, service_tier, …). */
  extra?: Record<string, unknown>;
  /** Gateway facts for the client, sent in Bifrost's `extra_fields` (a cache hit's `cache_debug`). */
  extraFields?: Record<string, unknown>;
}

/** One event of a streamed completion; a discriminated union, as the Vercel AI SDK's stream parts. */
export type StreamEvent =
  | { type: 'start'; id: string; created: number; model: string; extra?: Record<string, unknown>; extraFields?: Record<string, unknown> }
  | { type: 'text-delta'; index: number; text: string }
  | {
      type: 'tool-call-delta';
      index: number;
      toolCallIndex: number;
      id?: string;
      name?: string;
      argumentsDelta: string;
    }
  | { type: 'finish'; index: number; finishReason: FinishReason; usage?: Usage }
  | { type: 'error'; error: GatewayError };

export type StreamEventType = StreamEvent['type'];

/**
 * Inside the gateway streams carry batches of events: whatever arrived in one upstream read moves
 * through every stage together. Hooks still see events and chunks one at a time.
 */
export type StreamEventBatches = ReadableStream<StreamEvent[]>;

export interface EmbeddingRequest extends ModelTarget {
  /** Always a list here; a single string from the client becomes a list of one. */
  input: string[];
  /** Every other parameter (dimensions, encoding_format, user, …), passed through where supported. */
  params: Record<string, unknown>;
}

export interface EmbeddingResponse {
  model: string;
  provider: string;
  /** One vector per input, in input order. */
  embeddings: number[][];
  usage?: { prompt_tokens: number; total_tokens: number };
}
