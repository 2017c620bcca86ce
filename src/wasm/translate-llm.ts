import { canonicalJson } from '../config/canonical-json';
import { GatewayError } from '../errors/gateway-error';
import type { ChatMessage, ChatRequest, ChatResponse, EmbeddingRequest, EmbeddingResponse, FinishReason, LLMRequest, LLMResponse, ReasoningPart, StreamEvent, ToolCall, Usage } from '../types/chat';
import { isObject } from './translate-http';

// Heimdall's canonical requests and responses ↔ Bifrost's BifrostRequest / BifrostResponse /
// BifrostError JSON (core/schemas). Those Go structs have no json tags at the top, so Go writes
// its field names (`RequestType`, `ChatRequest`, `ChatResponse`): that is what this host sends.
// Bifrost's docs and its Rust example spell them `chat_request` / `chat_response`: both are read
// back. Inside, the fields are OpenAI's (Bifrost's own tags), as Heimdall's are, so most of a
// message crosses unchanged; what Bifrost has no field for (a tool call's Gemini signature, a
// reasoning part's source, `betas`) is kept from the original wherever the plugin left that
// message, or the whole request, as it was sent.

type Json = Record<string, unknown>;

/** `pre_hook`'s request. Count-tokens requests have no BifrostRequest form here: the hook is not called for them. */
export function requestToBifrost(req: LLMRequest): Json | undefined {
  if (req.kind === 'chat') {
    return { RequestType: req.stream ? 'chat_completion_stream' : 'chat_completion', ChatRequest: chatRequestToBifrost(req) };
  }
  if (req.kind === 'embedding') {
    return {
      RequestType: 'embedding',
      EmbeddingRequest: { provider: req.provider, model: req.model, input: req.input, params: { ...req.params, encoding_format: req.encodingFormat }, fallbacks: req.fallbacks },
    };
  }
  return undefined;
}

function chatRequestToBifrost(req: ChatRequest): Json {
  const params: Json = { ...req.params };
  if (req.stream && req.includeUsage) params.stream_options = { include_usage: true };
  if (req.reasoning && (req.reasoning.effort || req.reasoning.budgetTokens !== undefined)) {
    params.reasoning = { effort: req.reasoning.effort, max_tokens: req.reasoning.budgetTokens };
  }
  return { provider: req.provider, model: req.model, input: req.messages.map(messageToBifrost), params, fallbacks: req.fallbacks };
}

/**
 * What `pre_hook` returned as `request`, as a request of the original's kind; undefined when it is
 * absent, null, or the request as it was sent (nothing changed).
 */
export function requestFromBifrost(original: LLMRequest, sent: Json, returned: unknown): LLMRequest | undefined {
  if (!isObject(returned) || canonicalJson(returned) === canonicalJson(sent)) return undefined;
  if (original.kind === 'chat') {
    const chat = member(returned, 'ChatRequest', 'chat_request') ?? (typeof returned.model === 'string' ? returned : undefined);
    if (!chat) throw new Error('returned a request without ChatRequest');
    return chatRequestFromBifrost(original, (sent.ChatRequest as Json), chat);
  }
  if (original.kind === 'embedding') {
    const emb = member(returned, 'EmbeddingRequest', 'embedding_request') ?? (typeof returned.model === 'string' ? returned : undefined);
    if (!emb) throw new Error('returned a request without EmbeddingRequest');
    return embeddingRequestFromBifrost(original, emb);
  }
  return undefined;
}

function chatRequestFromBifrost(original: ChatRequest, sent: Json, chat: Json): ChatRequest {
  const sentMessages = sent.input as Json[];
  const messages = Array.isArray(chat.input)
    ? chat.input.map((m, i) => {
        // A message the plugin left as it was keeps what Bifrost's shape cannot carry.
        if (i < sentMessages.length && canonicalJson(m) === canonicalJson(sentMessages[i])) return original.messages[i]!;
        return messageFromBifrost(m);
      })
    : original.messages;
  const { stream_options: streamOptions, reasoning, ...params } = isObject(chat.params) ? chat.params : {};
  const next: ChatRequest = {
    ...original,
    provider: typeof chat.provider === 'string' && chat.provider ? chat.provider : original.provider,
    model: typeof chat.model === 'string' && chat.model ? chat.model : original.model,
    messages,
    params,
    fallbacks: Array.isArray(chat.fallbacks) ? chat.fallbacks.map(targetFromBifrost) : original.fallbacks,
  };
  if (original.stream) next.includeUsage = isObject(streamOptions) && streamOptions.include_usage === true;
  if (isObject(reasoning)) {
    next.reasoning = {
      ...original.reasoning,
      effort: typeof reasoning.effort === 'string' ? (reasoning.effort as NonNullable<ChatRequest['reasoning']>['effort']) : undefined,
      budgetTokens: typeof reasoning.max_tokens === 'number' ? reasoning.max_tokens : undefined,
    };
  } else if (original.reasoning && (original.reasoning.effort || original.reasoning.budgetTokens !== undefined)) {
    // The plugin removed `reasoning`: ask for the provider's default.
    delete next.reasoning;
  }
  return next;
}

function embeddingRequestFromBifrost(original: EmbeddingRequest, emb: Json): EmbeddingRequest {
  const { encoding_format: format, ...params } = isObject(emb.params) ? emb.params : {};
  const input = typeof emb.input === 'string' ? [emb.input] : Array.isArray(emb.input) && emb.input.every((s) => typeof s === 'string') ? (emb.input as string[]) : isObject(emb.input) ? embeddingInput(emb.input) : original.input;
  return {
    ...original,
    provider: typeof emb.provider === 'string' && emb.provider ? emb.provider : original.provider,
    model: typeof emb.model === 'string' && emb.model ? emb.model : original.model,
    input,
    params,
    encodingFormat: format === 'base64' ? 'base64' : format === 'float' ? 'float' : original.encodingFormat,
    fallbacks: Array.isArray(emb.fallbacks) ? emb.fallbacks.map(targetFromBifrost) : original.fallbacks,
  };
}

/** Go's EmbeddingInput struct as a TinyGo plugin may write it: `{Text}` or `{Texts}`. */
function embeddingInput(input: Json): string[] {
  const text = input.Text ?? input.text;
  const texts = input.Texts ?? input.texts;
  if (typeof text === 'string') return [text];
  if (Array.isArray(texts) && texts.every((s) => typeof s === 'string')) return texts as string[];
  throw new Error('returned an embedding input that is neither text nor texts');
}

function targetFromBifrost(f: unknown): { provider: string; model: string } {
  if (!isObject(f) || typeof f.provider !== 'string' || typeof f.model !== 'string') throw new Error('returned a fallback without provider and model');
  return { provider: f.provider, model: f.model };
}

export function messageToBifrost(m: ChatMessage): Json {
  const out: Json = { role: m.role };
  if (m.content !== null) out.content = m.content;
  if (m.name !== undefined) out.name = m.name;
  if (m.tool_call_id !== undefined) out.tool_call_id = m.tool_call_id;
  if (m.tool_calls) out.tool_calls = m.tool_calls.map((c) => ({ id: c.id, type: c.type, function: c.function }));
  if (m.reasoning?.length) {
    out.reasoning = m.reasoning.map((p) => p.text).join('');
    out.reasoning_details = m.reasoning.map((p, index) => reasoningDetail(p, index));
  }
  return out;
}

function reasoningDetail(p: ReasoningPart, index: number): Json {
  if (p.redacted !== undefined) return { index, type: 'reasoning.encrypted', data: p.redacted };
  return { index, type: 'reasoning.text', text: p.text, ...(p.signature !== undefined ? { signature: p.signature } : {}) };
}

export function messageFromBifrost(m: unknown): ChatMessage {
  if (!isObject(m) || typeof m.role !== 'string') throw new Error('returned a message without a role');
  if (!['system', 'developer', 'user', 'assistant', 'tool'].includes(m.role)) throw new Error(`returned a message with role "${m.role}"`);
  const content = m.content === undefined || m.content === null ? null : typeof m.content === 'string' || Array.isArray(m.content) ? (m.content as ChatMessage['content']) : undefined;
  if (content === undefined) throw new Error('returned a message whose content is neither text nor parts');
  const out: ChatMessage = { role: m.role as ChatMessage['role'], content };
  if (typeof m.name === 'string') out.name = m.name;
  if (typeof m.tool_call_id === 'string') out.tool_call_id = m.tool_call_id;
  if (Array.isArray(m.tool_calls)) out.tool_calls = m.tool_calls.map(toolCallFromBifrost);
  const reasoning = reasoningFromBifrost(m);
  if (reasoning) out.reasoning = reasoning;
  return out;
}

function toolCallFromBifrost(c: unknown): ToolCall {
  if (!isObject(c) || !isObject(c.function) || typeof c.function.name !== 'string') throw new Error('returned a tool call without a function name');
  const args = c.function.arguments;
  return { id: typeof c.id === 'string' ? c.id : '', type: 'function', function: { name: c.function.name, arguments: typeof args === 'string' ? args : JSON.stringify(args ?? {}) } };
}

function reasoningFromBifrost(m: Json): ReasoningPart[] | undefined {
  if (Array.isArray(m.reasoning_details) && m.reasoning_details.length > 0) {
    return m.reasoning_details.filter(isObject).map((d) => {
      if (d.type === 'reasoning.encrypted') return { text: '', redacted: String(d.data ?? '') };
      const part: ReasoningPart = { text: String(d.text ?? d.summary ?? '') };
      if (typeof d.signature === 'string') part.signature = d.signature;
      return part;
    });
  }
  if (typeof m.reasoning === 'string' && m.reasoning) return [{ text: m.reasoning }];
  return undefined;
}

/** `post_hook`'s and a short-circuit's `response`. */
export function responseToBifrost(res: LLMResponse): Json {
  if (res.kind === 'chat') {
    return {
      ChatResponse: {
        ...res.extra,
        id: res.id,
        object: 'chat.completion',
        created: res.created,
        model: res.model,
        choices: res.choices.map((c) => ({ index: c.index, message: messageToBifrost(c.message), finish_reason: c.finishReason.raw ?? c.finishReason.unified })),
        usage: res.usage ?? null,
        extra_fields: { request_type: 'chat_completion', provider: res.provider, ...res.extraFields },
      },
    };
  }
  if (res.kind === 'embedding') {
    return {
      EmbeddingResponse: {
        object: 'list',
        model: res.model,
        data: res.embeddings.map((embedding, index) => ({ index, object: 'embedding', embedding })),
        usage: res.usage ?? null,
        extra_fields: { request_type: 'embedding', provider: res.provider, ...res.extraFields },
      },
    };
  }
  return { CountTokensResponse: { model: res.model, input_tokens: res.inputTokens, extra_fields: { request_type: 'count_tokens', provider: res.provider } } };
}

/**
 * A returned BifrostResponse as a response of `kind`. `original` (what was sent) stands when the
 * plugin returned it unchanged; `target` fills what a short-circuit leaves out.
 */
export function responseFromBifrost(kind: LLMRequest['kind'], returned: unknown, original: LLMResponse | undefined, target: { provider: string; model: string }): LLMResponse {
  if (original && canonicalJson(returned) === canonicalJson(responseToBifrost(original))) return original;
  if (!isObject(returned)) throw new Error('returned a response that is not an object');
  if (kind === 'chat') {
    const chat = member(returned, 'ChatResponse', 'chat_response');
    if (!chat) throw new Error('returned a response without ChatResponse');
    return chatResponseFromBifrost(chat, original?.kind === 'chat' ? original : undefined, target);
  }
  if (kind === 'embedding') {
    const emb = member(returned, 'EmbeddingResponse', 'embedding_response');
    if (!emb || !Array.isArray(emb.data)) throw new Error('returned a response without EmbeddingResponse.data');
    const data = [...emb.data].filter(isObject).sort((a, b) => Number(a.index ?? 0) - Number(b.index ?? 0));
    const out: EmbeddingResponse = {
      kind: 'embedding',
      model: typeof emb.model === 'string' && emb.model ? emb.model : target.model,
      provider: original?.provider ?? target.provider,
      embeddings: data.map((d) => {
        if (!Array.isArray(d.embedding) || !d.embedding.every((x) => typeof x === 'number')) throw new Error('returned an embedding that is not a list of numbers');
        return d.embedding as number[];
      }),
    };
    if (isObject(emb.usage)) out.usage = { prompt_tokens: Number(emb.usage.prompt_tokens ?? 0), total_tokens: Number(emb.usage.total_tokens ?? 0) };
    if (original?.extraFields) out.extraFields = original.extraFields;
    return out;
  }
  throw new Error(`cannot replace a ${kind} response`);
}

function chatResponseFromBifrost(chat: Json, original: ChatResponse | undefined, target: { provider: string; model: string }): ChatResponse {
  if (!Array.isArray(chat.choices)) throw new Error('returned a ChatResponse without choices');
  const out: ChatResponse = {
    kind: 'chat',
    id: typeof chat.id === 'string' && chat.id ? chat.id : (original?.id ?? `chatcmpl-wasm-${crypto.randomUUID()}`),
    created: typeof chat.created === 'number' && chat.created > 0 ? chat.created : (original?.created ?? Math.floor(Date.now() / 1000)),
    model: typeof chat.model === 'string' && chat.model ? chat.model : (original?.model ?? target.model),
    provider: original?.provider ?? target.provider,
    choices: chat.choices.map((c, i) => {
      if (!isObject(c)) throw new Error('returned a choice that is not an object');
      return { index: typeof c.index === 'number' ? c.index : i, message: messageFromBifrost(c.message), finishReason: finishFromBifrost(c.finish_reason) };
    }),
  };
  const usage = usageFromBifrost(chat.usage);
  if (usage) out.usage = usage;
  if (original?.extra) out.extra = original.extra;
  if (original?.extraFields) out.extraFields = original.extraFields;
  return out;
}

function usageFromBifrost(u: unknown): Usage | undefined {
  if (!isObject(u)) return undefined;
  const prompt = Number(u.prompt_tokens ?? 0);
  const completion = Number(u.completion_tokens ?? 0);
  return { ...u, prompt_tokens: prompt, completion_tokens: completion, total_tokens: Number(u.total_tokens ?? prompt + completion) };
}

const UNIFIED = new Set<FinishReason['unified']>(['stop', 'length', 'tool_calls', 'content_filter', 'error']);

function finishFromBifrost(reason: unknown): FinishReason {
  const raw = typeof reason === 'string' && reason ? reason : null;
  const unified = raw && UNIFIED.has(raw as FinishReason['unified']) ? (raw as FinishReason['unified']) : raw === null ? 'stop' : 'other';
  return { unified, raw };
}

/** BifrostError JSON (core/schemas/bifrost.go). */
export function errorToBifrost(err: GatewayError): Json {
  return {
    is_bifrost_error: false,
    status_code: err.status,
    type: err.type,
    error: { type: err.type, code: err.code ?? undefined, message: err.message, param: err.param ?? undefined },
    extra_fields: { provider: err.provider },
  };
}

/** A returned BifrostError; `original` stands when it is the one sent, unchanged (it keeps allowFallbacks, retry-after). */
export function errorFromBifrost(returned: unknown, original: GatewayError | undefined): GatewayError {
  if (original && canonicalJson(returned) === canonicalJson(errorToBifrost(original))) return original;
  if (!isObject(returned)) throw new Error('returned an error that is not an object');
  const field = isObject(returned.error) ? returned.error : {};
  const status = typeof returned.status_code === 'number' && returned.status_code >= 400 && returned.status_code <= 599 ? returned.status_code : (original?.status ?? 500);
  const type = typeof field.type === 'string' && field.type ? field.type : typeof returned.type === 'string' && returned.type ? returned.type : (original?.type ?? 'plugin_error');
  const code = typeof field.code === 'string' ? field.code : typeof field.code === 'number' ? String(field.code) : (original?.code ?? null);
  const message = typeof field.message === 'string' && field.message ? field.message : (original?.message ?? 'a plugin returned an error without a message');
  return new GatewayError({ status, type, code, message, param: typeof field.param === 'string' ? field.param : null, provider: original?.provider });
}

/**
 * A stream event as Bifrost's stream-chunk shape: a BifrostResponse whose ChatResponse is a
 * `chat.completion.chunk` (Heimdall's events are finer than chunks: each becomes one chunk).
 */
export function eventToBifrost(event: Exclude<StreamEvent, { type: 'error' }>): Json {
  const chunk: Json = { id: '', object: 'chat.completion.chunk', created: 0, model: '', choices: [] };
  switch (event.type) {
    case 'start':
      Object.assign(chunk, { id: event.id, created: event.created, model: event.model, choices: [{ index: 0, delta: { role: 'assistant' } }] });
      break;
    case 'text-delta':
      chunk.choices = [{ index: event.index, delta: { content: event.text } }];
      break;
    case 'reasoning-delta':
      chunk.choices = [{ index: event.index, delta: { reasoning: event.text } }];
      break;
    case 'reasoning-end':
      chunk.choices = [{ index: event.index, delta: { reasoning_details: [reasoningDetail({ text: '', ...(event.signature !== undefined ? { signature: event.signature } : {}), ...(event.redacted !== undefined ? { redacted: event.redacted } : {}) }, 0)] } }];
      break;
    case 'tool-call-delta':
      chunk.choices = [{ index: event.index, delta: { tool_calls: [{ index: event.toolCallIndex, ...(event.id ? { id: event.id, type: 'function' } : {}), function: { ...(event.name ? { name: event.name } : {}), arguments: event.argumentsDelta } }] } }];
      break;
    case 'finish':
      chunk.choices = [{ index: event.index, delta: {}, finish_reason: event.finishReason.raw ?? event.finishReason.unified }];
      chunk.usage = event.usage ?? null;
      break;
  }
  return { ChatResponse: chunk };
}

/** A returned stream chunk as an event of the same type as the one sent (its edits applied). */
export function eventFromBifrost(event: Exclude<StreamEvent, { type: 'error' }>, returned: unknown): StreamEvent {
  if (canonicalJson(returned) === canonicalJson(eventToBifrost(event))) return event;
  const chunk = isObject(returned) ? member(returned, 'ChatResponse', 'chat_response') : undefined;
  if (!chunk) throw new Error('returned a stream chunk without ChatResponse');
  const choice = Array.isArray(chunk.choices) && isObject(chunk.choices[0]) ? chunk.choices[0] : {};
  const delta = isObject(choice.delta) ? choice.delta : {};
  switch (event.type) {
    case 'start':
      return { ...event, id: typeof chunk.id === 'string' && chunk.id ? chunk.id : event.id, model: typeof chunk.model === 'string' && chunk.model ? chunk.model : event.model };
    case 'text-delta':
      return { ...event, text: typeof delta.content === 'string' ? delta.content : '' };
    case 'reasoning-delta':
      return { ...event, text: typeof delta.reasoning === 'string' ? delta.reasoning : '' };
    case 'tool-call-delta': {
      const call = Array.isArray(delta.tool_calls) && isObject(delta.tool_calls[0]) ? delta.tool_calls[0] : {};
      const fn = isObject(call.function) ? call.function : {};
      return { ...event, argumentsDelta: typeof fn.arguments === 'string' ? fn.arguments : event.argumentsDelta, ...(typeof fn.name === 'string' ? { name: fn.name } : {}) };
    }
    case 'finish': {
      const usage = usageFromBifrost(chunk.usage);
      return { ...event, finishReason: choice.finish_reason === undefined ? event.finishReason : finishFromBifrost(choice.finish_reason), ...(usage ? { usage } : {}) };
    }
    default:
      return event;
  }
}

/** Go's field name first, the docs' snake_case second; a JSON null counts as absent. */
function member(obj: Json, goName: string, snakeName: string): Json | undefined {
  const value = obj[goName] ?? obj[snakeName];
  return isObject(value) ? value : undefined;
}
