import type { GatewayError } from '../errors/gateway-error';
import type { StreamChunk } from '../pipeline/http-types';
import type { ChatRequest, ChatResponse, StreamEvent } from '../types/chat';

/** What a client speaks: how its body becomes the canonical request, and how answers go back. */
export interface ChatDialect {
  parse(body: unknown, knownProviders: ReadonlySet<string>): ChatRequest;
  encodeResponse(res: ChatResponse, fallbackIndex: number): unknown;
  encodeStream(opts: { fallbackId: string; model: string; includeUsage: boolean }): TransformStream<StreamEvent[], StreamChunk[]>;
  errorBody(err: GatewayError): unknown;
  /** OpenAI ends a stream with `data: [DONE]`; Anthropic's `message_stop` event needs no marker. */
  doneMarker: boolean;
}
