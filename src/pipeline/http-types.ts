// The transport-level view that HTTP hooks see and edit in place (Bifrost's HTTPRequest/HTTPResponse).

export interface HttpRequest {
  method: string;
  path: string;
  /** Lower-cased header names. */
  headers: Record<string, string>;
  query: Record<string, string>;
  /** The parsed JSON body; edit it in place to change what the gateway sees. */
  body: unknown;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string>;
  /** A JSON value, or a string sent as is. */
  body: unknown;
}

/** One encoded stream message as the client will receive it, before SSE framing. */
export interface StreamChunk {
  event?: string;
  data: Record<string, unknown>;
}
