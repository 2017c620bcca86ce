import { GatewayError } from '../errors/gateway-error';
import type { LLMOutcome, PipelineRunner } from '../pipeline/runner';
import type { RequestContext } from '../pipeline/hook-context';
import type { TryTiming } from '../pipeline/timeline';
import { traceparent } from '../pipeline/trace-context';
import type { ResolvedProvider } from '../providers/types';
import { providerRequired } from '../dialects/openai/chat-request';
import type { ChatRequest, ChatResponse, StreamEvent, StreamEventBatches } from '../types/chat';
import { withIdleTimeout } from '../streams/with-idle-timeout';
import { callWithRetries } from './call-with-retries';
import { peekStream } from './peek-stream';
import { batchEach, oneBatch, responseToStream, streamToResponse } from './stream-conversions';

export type ChatOutcome =
  | { kind: 'response'; response: ChatResponse }
  | { kind: 'stream'; stream: StreamEventBatches }
  | { kind: 'error'; error: GatewayError };

const asError = (err: unknown): GatewayError =>
  GatewayError.from(err, { status: 502, type: 'upstream_error', retryable: true });

/**
 * The primary attempt, then each fallback. The LLM pipeline re-runs per attempt; an error whose
 * `allowFallbacks` is false ends the chain; when all fail the primary error is returned. A stream
 * is committed only once its first event is not an error, so no fallback ever follows a chunk
 * that reached the client.
 */
export async function executeChat(
  runner: PipelineRunner,
  request: ChatRequest,
  providers: ReadonlyMap<string, ResolvedProvider>,
): Promise<ChatOutcome> {
  let targets = [{ provider: request.provider, model: request.model }, ...request.fallbacks];
  let primary: GatewayError | undefined;
  for (let i = 0; i < targets.length; i++) {
    runner.rc.fallbackIndex = i;
    const [outcome, sent] = await attempt(runner, { ...request, ...targets[i]! }, providers);
    // The primary attempt's pre hooks (routing rules) may have set the fallbacks; later attempts'
    // hooks cannot re-route the chain they are part of.
    if (i === 0) targets = [targets[0]!, ...sent.fallbacks];
    if (outcome.kind !== 'error') return outcome;
    primary ??= outcome.error;
    if (outcome.error.allowFallbacks === false) break;
  }
  return { kind: 'error', error: primary! };
}

async function attempt(runner: PipelineRunner, request: ChatRequest, providers: ReadonlyMap<string, ResolvedProvider>): Promise<[ChatOutcome, ChatRequest]> {
  const { rc } = runner;
  rc.provider = request.provider;
  rc.model = request.model;
  rc.isFinalChunk = false;
  const timing = rc.timeline.beginAttempt(rc.fallbackIndex, request.provider, request.model);
  const pre = await runner.llmPre(request);
  // Routing hooks may have changed the target; the attempt is known by the one it called.
  timing.provider = pre.request.provider;
  timing.model = pre.request.model;
  if (pre.shortCircuit) timing.shortCircuitBy = runner.pluginAt(pre.ran - 1);
  const outcome = await answer(runner, pre, providers, timing.tries);
  rc.timeline.endAttempt(timing, outcome.kind, outcome.kind === 'error' ? outcome.error.message : undefined);
  return [outcome, pre.request];
}

/** The rest of one attempt: the provider (unless a hook short-circuited), then the post hooks. */
async function answer(
  runner: PipelineRunner,
  pre: Awaited<ReturnType<PipelineRunner['llmPre']>>,
  providers: ReadonlyMap<string, ResolvedProvider>,
  tries: TryTiming[],
): Promise<ChatOutcome> {
  const { rc } = runner;
  const req = pre.request;
  rc.provider = req.provider;
  rc.model = req.model;

  let source: LLMOutcome | { stream: StreamEventBatches };
  if (pre.shortCircuit) {
    const sc = pre.shortCircuit;
    source = 'stream' in sc ? { stream: Array.isArray(sc.stream) ? oneBatch(sc.stream) : batchEach(sc.stream as ReadableStream<StreamEvent>) } : sc;
  } else {
    source = await callProvider(req, providers, rc, tries);
  }

  if ('stream' in source) {
    return req.stream ? commitStream(runner, pre.ran, source.stream) : assemble(runner, pre.ran, source.stream, req.provider);
  }
  if (req.stream && source.response) return commitStream(runner, pre.ran, responseToStream(source.response));

  rc.isFinalChunk = true;
  const post = await runner.llmPost(pre.ran, source);
  if (post.response) {
    const response = post.response as ChatResponse;
    return req.stream ? commitStream(runner, 0, responseToStream(response)) : { kind: 'response', response };
  }
  return { kind: 'error', error: post.error ?? asError(new Error('no response and no error after post hooks')) };
}

async function callProvider(
  req: ChatRequest,
  providers: ReadonlyMap<string, ResolvedProvider>,
  rc: RequestContext,
  /** The attempt's tries in the timeline: each one lands here as it ends. */
  tries: TryTiming[],
): Promise<LLMOutcome | { stream: StreamEventBatches }> {
  // A model sent without a provider that no hook routed.
  if (req.provider === '') return { error: providerRequired('model', req.model) };
  const provider = providers.get(req.provider);
  if (!provider) {
    // A pre hook may reroute; a target it invents must still be configured.
    return { error: GatewayError.invalidRequest(`provider "${req.provider}" is not configured`, 'unknown_provider', 'model') };
  }
  const { adapter } = provider.kind;
  const retryEnv = { env: rc.env, pinnedKey: rc.pinnedKey, onTry: (t: TryTiming) => tries.push(t) };
  try {
    const result = await callWithRetries(provider, req.model, retryEnv, async (key, spanId) => {
      const call = { provider, key, requestId: rc.requestId, env: rc.env, traceparent: traceparent(rc.trace, spanId) };
      if (!req.stream) return { response: await adapter.chat(req, call) };
      return { stream: withIdleTimeout(await adapter.chatStream(req, call), provider.streamIdleTimeoutMs, provider.name) };
    });
    // A streamed answer is still flowing: its try ends with the stream (Timeline.close).
    if ('stream' in result) tries.at(-1)!.end = undefined;
    return result;
  } catch (err) {
    return { error: asError(err) };
  }
}

/**
 * Stream through the per-event post hooks. Nothing has reached the client until the first batch is
 * sent, so an error anywhere in that batch is still an attempt failure that may fall back.
 */
async function commitStream(runner: PipelineRunner, ran: number, stream: StreamEventBatches): Promise<ChatOutcome> {
  const postHooks = runner.llmPostStream(ran);
  const peeked = await peekStream(postHooks ? stream.pipeThrough(postHooks) : stream);
  if (peeked.first === undefined) {
    return { kind: 'error', error: new GatewayError({ status: 502, type: 'upstream_error', message: 'stream ended before any event', retryable: true }) };
  }
  const failure = peeked.first.find((e) => e.type === 'error');
  if (failure) {
    await peeked.stream.cancel();
    return { kind: 'error', error: failure.error };
  }
  return { kind: 'stream', stream: peeked.stream };
}

/** A stream for a non-streaming client: post hooks see the assembled response once. */
async function assemble(runner: PipelineRunner, ran: number, stream: StreamEventBatches, provider: string): Promise<ChatOutcome> {
  let outcome: LLMOutcome;
  try {
    outcome = { response: await streamToResponse(stream, provider, `chatcmpl-${runner.rc.requestId}`) };
  } catch (err) {
    outcome = { error: asError(err) };
  }
  runner.rc.isFinalChunk = true;
  const post = await runner.llmPost(ran, outcome);
  if (post.response) return { kind: 'response', response: post.response as ChatResponse };
  return { kind: 'error', error: post.error ?? asError(new Error('no response after post hooks')) };
}
