import { ttlSeconds } from '../../config/duration';
import { GatewayError } from '../../errors/gateway-error';
import type { ChatMessage, ChatRequest, CountTokensRequest } from '../../types/chat';
import type { ChatDialect, Dialect, DialectScope } from '../dialect';
import { encodeResponsesStream } from './encode-responses-stream';
import { outputItems, responseObject, type ResponseShell, responsesUsage, statusOf } from './response-object';
import { type ParsedResponsesRequest, parseResponsesBody } from './responses-request';
import { resolveReferences } from './item-references';
import { keyScope } from './key-scope';
import { loadResponse, purgeExpired, storeResponse } from './stored-responses';

// OpenAI's Responses API (`/v1/responses`) on the canonical chat pipeline. Its dialect is made per
// request: it reads and writes stored responses (D1), scoped to the virtual key the request used,
// and remembers what it parsed (the response id, the settings to echo, the conversation to store).

const newResponseId = () => `resp_${crypto.randomUUID().replaceAll('-', '')}`;

const previousNotFound = (id: string) =>
  new GatewayError({ status: 404, type: 'invalid_request_error', code: 'previous_response_not_found', param: 'previous_response_id', message: `Previous response with id '${id.slice(0, 256)}' not found.` });

/** The request's conversation: instructions, a previous response's messages, then the new input. */
async function readRequest(scope: DialectScope, raw: unknown, knownProviders: ReadonlySet<string>) {
  const body = await resolveReferences(scope, raw);
  const parsed = parseResponsesBody(body, knownProviders, scope.client.drop_unsupported_tools);
  if (parsed.droppedTools.length > 0) scope.rc.responseHeaders['x-heimdall-dropped-tools'] = parsed.droppedTools.join(',');
  let history: ChatMessage[] = [];
  if (parsed.previousResponseId) {
    const db = scope.rc.env.DB;
    const previous = db && (await loadResponse(db, keyScope(scope.rc), parsed.previousResponseId));
    if (!previous) throw previousNotFound(parsed.previousResponseId);
    history = previous.messages;
  }
  const messages = [...parsed.instructions, ...history, ...parsed.input];
  if (messages.length === 0) throw GatewayError.invalidRequest('input is required (or a previous_response_id to continue)', 'missing_required_parameter', 'input');
  return { parsed, history, messages };
}

/** Expired rows are deleted in batches after a write, at most once a minute per isolate (each is a D1 write). */
const PURGE_INTERVAL_MS = 60_000;
let lastPurge = 0;

const problem = (message: string, err: unknown) => console.error(JSON.stringify({ level: 'error', msg: message, error: err instanceof Error ? err.message : String(err) }));

export function responsesDialect(scope: DialectScope): ChatDialect {
  const { rc } = scope;
  const retentionMs = ttlSeconds(scope.client.responses_retention)! * 1000;
  let shell: ResponseShell = { id: newResponseId(), createdAt: Math.floor(Date.now() / 1000), model: '', echo: {}, includeEncrypted: false, namespaces: {} };
  let parsed: ParsedResponsesRequest | undefined;
  let history: ChatMessage[] = [];

  /** Keeps the finished response when the request asked (`store`); false when it asked and it could not be kept. */
  const keep = async (answer: ChatMessage, response: Record<string, unknown>): Promise<boolean> => {
    if (!parsed?.store) return true;
    const db = rc.env.DB;
    if (!db) return false;
    try {
      const kept = await storeResponse(db, keyScope(scope.rc), shell.id, { response, messages: [...history, ...parsed.input, answer] }, retentionMs);
      if (Date.now() - lastPurge > PURGE_INTERVAL_MS) {
        lastPurge = Date.now();
        rc.executionCtx.waitUntil(purgeExpired(db).catch((err: unknown) => problem('purging expired responses failed', err)));
      }
      return kept;
    } catch (err) {
      problem('storing a response failed', err);
      return false;
    }
  };

  return {
    async parse(body, knownProviders): Promise<ChatRequest> {
      const read = await readRequest(scope, body, knownProviders);
      ({ parsed, history } = read);
      shell = { ...shell, model: read.parsed.model, echo: read.parsed.echo, includeEncrypted: read.parsed.includeEncrypted, namespaces: read.parsed.namespaces };
      return {
        kind: 'chat',
        provider: parsed.provider,
        model: parsed.model,
        fallbacks: parsed.fallbacks,
        messages: read.messages,
        params: parsed.params,
        ...(parsed.reasoning && { reasoning: parsed.reasoning }),
        stream: parsed.stream,
        // The Responses API always reports usage, streamed or not.
        includeUsage: true,
      };
    },

    // Awaited before the answer is released, so a follow-up naming this response finds it. The
    // write is one D1 insert; waitUntil would free those milliseconds but let a client that answers
    // a tool call at once race its own previous_response_id.
    async encodeResponse(res, extraFields) {
      const choice = res.choices[0];
      const { status, incomplete_details } = statusOf(choice?.finishReason);
      const answer: ChatMessage = choice?.message ?? { role: 'assistant', content: null };
      const state = { status, incompleteDetails: incomplete_details, output: outputItems(shell, answer), usage: responsesUsage(res.usage), model: res.model, extraFields };
      // The stored copy keeps the reasoning's sealed forms, whatever this client asked to see.
      const stored = await keep(answer, responseObject({ ...shell, includeEncrypted: true }, state));
      return responseObject(shell, { ...state, stored });
    },

    // The stream writes the stored row before `response.completed` goes out (same reason): every
    // delta has reached the client by then; only the closing event waits for the insert.
    encodeStream: (opts) => encodeResponsesStream(shell, opts, keep),

    errorBody: (err) => err.toJSON(),
    doneMarker: false,
  };
}

/** `POST /v1/responses/input_tokens`: a Responses body counted, answered `{object: 'response.input_tokens', input_tokens}`. */
export function responsesInputTokensDialect(scope: DialectScope): Dialect<CountTokensRequest> {
  return {
    async parse(body, knownProviders): Promise<CountTokensRequest> {
      const { parsed, messages } = await readRequest(scope, body, knownProviders);
      return { kind: 'count_tokens', provider: parsed.provider, model: parsed.model, fallbacks: parsed.fallbacks, messages, params: parsed.params };
    },
    encodeResponse: (res, extraFields) => ({ object: 'response.input_tokens', input_tokens: res.inputTokens, extra_fields: { ...extraFields, estimated: res.estimated } }),
    errorBody: (err) => err.toJSON(),
    doneMarker: false,
  };
}
