import type { ChatRequest, ChatResponse, CountTokensRequest, CountTokensResponse, EmbeddingRequest, EmbeddingResponse, ModelTarget, StreamEventBatches } from '../types/chat';
import type { ProviderConfig } from '../config/schema';

/** One provider name from the config, resolved against its kind. */
export interface ResolvedProvider {
  name: string;
  kind: ProviderKind;
  baseUrl: string;
  keys: ProviderConfig['keys'];
  timeoutMs: number;
  extraHeaders: Record<string, string>;
  retry: { maxRetries: number; backoffInitialMs: number; backoffMaxMs: number };
  streamIdleTimeoutMs: number;
  /** Tried in order when the request brings no fallbacks of its own. */
  fallbacks: readonly ModelTarget[];
}

/** The key chosen for one call, secrets resolved. */
export interface SelectedKey {
  name: string;
  /** The secret itself; '' for keys that carry everything in `settings` (bedrock access keys). */
  value: string;
  /** `azure_key_config` / `bedrock_key_config` / `vertex_key_config`, as configured; the provider validates it. */
  settings: Record<string, unknown>;
}

export interface ProviderCall {
  provider: ResolvedProvider;
  /** Undefined for keyless local servers (ollama, vllm). */
  key: SelectedKey | undefined;
  requestId: string;
  /** Bindings, for providers reached through one (Workers AI). */
  env: Cloudflare.Env;
  /** W3C `traceparent` for this try (its span id as the parent); sent upstream with the request. */
  traceparent?: string;
  /**
   * Aborted when the try must stop: a non-streamed exchange past its deadline (the reason is the
   * 504 to report), the response headers included. Adapters pass it to upstreamFetch, which ends
   * the upstream connection with it and then sets no header deadline of its own.
   */
  signal?: AbortSignal;
}

/** The translators of one wire format. Auth and URL building live beside them, not in shared code. */
export interface ProviderAdapter {
  chat(req: ChatRequest, call: ProviderCall): Promise<ChatResponse>;
  /** Resolves once upstream answered with a stream; rejects with a GatewayError before that. */
  chatStream(req: ChatRequest, call: ProviderCall): Promise<StreamEventBatches>;
  /** Providers without an embeddings API leave it out; the route answers 400 for them. */
  embed?(req: EmbeddingRequest, call: ProviderCall): Promise<EmbeddingResponse>;
  /** The provider's own token counter; without one the gateway estimates (see `estimateTokens`). */
  countTokens?(req: CountTokensRequest, call: ProviderCall): Promise<CountTokensResponse>;
}

/** What the registry knows of a provider name: its wire format and defaults. */
export interface ProviderKind {
  adapter: ProviderAdapter;
  defaultBaseUrl?: string;
  /** Local servers need no key. */
  keyOptional?: boolean;
  /** The adapter builds its endpoint from the key (bedrock: from its region) when no base_url is configured. */
  baseUrlOptional?: boolean;
}
