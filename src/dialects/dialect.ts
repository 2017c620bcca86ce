import type { ClientConfig } from '../config/schema';
import type { GatewayError } from '../errors/gateway-error';
import type { RequestContext } from '../pipeline/hook-context';
import type { StreamChunk } from '../pipeline/http-types';
import type { Stage } from '../streams/pull-through';
import type { ChatRequest, LLMRequest, ResponseFor, StreamEvent } from '../types/chat';

/** Gateway facts sent in a response's `extra_fields` (provider, fallback index, cost, plugins' fields). */
export type ExtraFields = Record<string, unknown>;

export interface StreamEncodeOptions {
  fallbackId: string;
  model: string;
  includeUsage: boolean;
  /** The response's `extra_fields`; complete (cost included) once the stream's last event arrives. */
  extraFields: () => ExtraFields;
}

/**
 * What a client speaks: how its body becomes a canonical request, and how answers go back. The
 * route around it is the same for every dialect, so a new endpoint is a dialect and nothing else.
 */
export interface Dialect<Req extends LLMRequest = LLMRequest> {
  /**
   * May be async for a dialect made per request (one that reads stored state, see DialectFor).
   * `headers` are the request's (lower-case names, after the HTTP pre hooks), for what a dialect
   * carries in headers rather than the body (Anthropic's `anthropic-beta`).
   */
  parse(body: unknown, knownProviders: ReadonlySet<string>, headers: Readonly<Record<string, string>>): Req | Promise<Req>;
  /** The JSON body, or a promise of it when the dialect must finish work before the answer is released. */
  encodeResponse(res: ResponseFor<Req>, extraFields: ExtraFields, req: Req): unknown;
  /** Dialects whose requests stream. */
  encodeStream?(opts: StreamEncodeOptions): Stage<StreamEvent[], StreamChunk[]>;
  errorBody(err: GatewayError): unknown;
  /** OpenAI ends a stream with `data: [DONE]`; Anthropic's `message_stop` event needs no marker. */
  doneMarker: boolean;
}

export type ChatDialect = Dialect<ChatRequest> & Required<Pick<Dialect<ChatRequest>, 'encodeStream'>>;

/** What a dialect made per request can read: the request's context (env, headers, values hooks set) and the client settings. */
export interface DialectScope {
  rc: RequestContext;
  client: ClientConfig;
}

/**
 * A dialect, or a maker of one per request: the Responses API keeps state across requests (stored
 * responses, scoped to the caller's virtual key), so its dialect is bound to the request it serves.
 */
export type DialectFor<Req extends LLMRequest> = Dialect<Req> | ((scope: DialectScope) => Dialect<Req>);
