import type { testGateway } from '../support/gateway';
import { readAnthropicTurn } from '../support/upstreams/tool-loop-anthropic';
import { readChatTurn } from '../support/upstreams/tool-loop-chat';
import { readResponsesTurn } from '../support/upstreams/tool-loop-responses';

// What the real-client tests share: a client's `fetch` aimed straight into a test gateway, and
// readings of what the scripted upstream received, whichever provider API the gateway spoke to it
// (each reader finds nothing in the other APIs' bodies).

/** A `fetch` for a client's options: every request it sends goes into the gateway's handler. */
export const gatewayFetch = (gw: ReturnType<typeof testGateway>): typeof fetch =>
  ((input: RequestInfo | URL, init?: RequestInit) => gw.fetch(new Request(input, init))) as typeof fetch;

const turns = (body: Record<string, unknown>) => [readChatTurn(body), readAnthropicTurn(body), readResponsesTurn(body)];

/** The tool result an upstream body's last message carries, if any. */
export const toolResultSent = (body: Record<string, unknown>): string | undefined => turns(body).find((t) => t.toolResult !== undefined)?.toolResult;

/** Whether an upstream body asks for JSON: a schema (response_format, output_config, text.format) or a forced tool. */
export const jsonAskedFor = (body: Record<string, unknown>): boolean => turns(body).some((t) => t.jsonSchema !== undefined || t.forcedTool !== undefined);

/** A tag unique to one test, carried upstream as OpenAI's `user` (Anthropic's metadata.user_id). */
export const testTag = (name: string) => `clients-${name}-${crypto.randomUUID()}`;
