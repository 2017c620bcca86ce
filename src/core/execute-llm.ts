import { GatewayError } from '../errors/gateway-error';
import { type Attempt, recordAnswer, recordError, type TryTiming } from '../facts/attempt';
import { StreamFacts } from '../facts/stream-facts';
import { SharedKeys } from '../pipeline/gateway-keys';
import type { LLMOutcome, PipelineRunner, StreamEnd } from '../pipeline/runner';
import type { RequestContext } from '../pipeline/hook-context';
import { traceparent } from '../pipeline/trace-context';
import type { ResolvedProvider } from '../providers/types';
import { providerRequired } from '../dialects/openai/chat-request';
import type { LLMRequest, LLMResponse, StreamEvent, StreamEventBatches } from '../types/chat';
import { withIdleTimeout } from '../streams/with-idle-timeout';
import { callWithRetries } from './call-with-retries';
import { estimateTokens } from './estimate-tokens';
import { withDeadline } from './with-deadline';
import { commitStream as readCommitted } from './commit-stream';
import { batchEach, oneBatch, responseToStream, streamToResponse } from './stream-conversions';

/** How a request's attempts ended: the answer and the attempt that gave it, or the error to send. */
export type RequestOutcome =
  | { kind: 'response'; response: LLMResponse; attempt: Attempt }
  | { kind: 'stream'; stream: StreamEventBatches; attempt: Attempt; end: Readonly<StreamEnd> }
  | { kind: 'error'; error: GatewayError };

type AttemptOutcome = { kind: 'response'; response: LLMResponse } | { kind: 'stream'; stream: StreamEventBatches; end: StreamEnd } | { kind: 'error'; error: GatewayError };

const asError = (err: unknown): GatewayError =>
  GatewayError.from(err, { status: 502, type: 'upstream_error', retryable: true });

/**
 * The primary attempt, then each fallback, for any kind of LLM request. The LLM pipeline re-runs
 * per attempt; an error whose `allowFallbacks` is false ends the chain; when all fail the primary
 * error is returned. A stream is committed only once its first event is not an error, so no
 * fallback ever follows a chunk that reached the client. Each attempt's facts are recorded as it
 * settles (a stream's at its end).
 */
export async function executeLLM(runner: PipelineRunner, request: LLMRequest, providers: ReadonlyMap<string, ResolvedProvider>): Promise<RequestOutcome> {
  const { rc } = runner;
  let targets = [{ provider: request.provider, model: request.model }, ...request.fallbacks];
  let primary: GatewayError | undefined;
  for (let i = 0; i < targets.length; i++) {
    rc.fallbackIndex = i;
    const target = { ...request, ...targets[i]! };
    const attempt = rc.timeline.beginAttempt(i, target);
    const [outcome, sent] = await runAttempt(runner, attempt, target, providers);
    // The primary attempt's pre hooks (routing rules) may have set the fallbacks; later attempts'
    // hooks cannot re-route the chain they are part of.
    if (i === 0) targets = [targets[0]!, ...sent.fallbacks];
    if (outcome.kind !== 'error') {
      rc.answered = attempt;
      return { ...outcome, attempt };
    }
    primary ??= outcome.error;
    if (outcome.error.allowFallbacks === false) break;
  }
  return { kind: 'error', error: primary! };
}

async function runAttempt(runner: PipelineRunner, attempt: Attempt, request: LLMRequest, providers: ReadonlyMap<string, ResolvedProvider>): Promise<[AttemptOutcome, LLMRequest]> {
  const { rc } = runner;
  rc.provider = request.provider;
  rc.model = request.model;
  const pre = await runner.llmPre(request);
  // Routing hooks may have changed the target; the attempt is known by the one it called.
  const sent = pre.request;
  Object.assign(attempt, { provider: sent.provider, model: sent.model, stream: sent.kind === 'chat' && sent.stream, request: sent });
  rc.provider = sent.provider;
  rc.model = sent.model;
  if (pre.shortCircuit) {
    attempt.answeredBy = runner.pluginAt(pre.ran - 1);
    attempt.cacheHit = (rc.values.get(SharedKeys.cacheHit.name) as Attempt['cacheHit'] | undefined) ?? null;
  }
  const outcome = await answer(runner, attempt, pre, providers);
  if (outcome.kind === 'error') {
    recordError(attempt, outcome.error);
    attempt.end = Date.now();
  } else if (outcome.kind === 'response') {
    attempt.result = 'response';
    recordAnswer(attempt, outcome.response);
    attempt.end = Date.now();
  } else attempt.result = 'stream';
  return [outcome, sent];
}

/** The rest of one attempt: the provider (unless a hook short-circuited), then the post hooks. */
async function answer(
  runner: PipelineRunner,
  attempt: Attempt,
  pre: Awaited<ReturnType<PipelineRunner['llmPre']>>,
  providers: ReadonlyMap<string, ResolvedProvider>,
): Promise<AttemptOutcome> {
  const req = pre.request;
  let source: LLMOutcome | { stream: StreamEventBatches };
  if (pre.shortCircuit) {
    const sc = pre.shortCircuit;
    source = 'stream' in sc ? { stream: Array.isArray(sc.stream) ? oneBatch(sc.stream) : batchEach(sc.stream as ReadableStream<StreamEvent>) } : sc;
  } else {
    source = await callProvider(req, providers, runner.rc, attempt.tries);
  }

  const streaming = req.kind === 'chat' && req.stream;
  if ('stream' in source) {
    return streaming ? commitStream(runner, attempt, pre.ran, source.stream) : assemble(runner, pre.ran, source.stream, req.provider);
  }
  if (streaming && source.response?.kind === 'chat') return commitStream(runner, attempt, pre.ran, responseToStream(source.response));

  const post = await runner.llmPost(pre.ran, req.kind, source);
  if (post.response) {
    const response = post.response;
    // A post hook that recovered an error for a streaming client: its answer as a stream.
    return streaming && response.kind === 'chat' ? commitStream(runner, attempt, 0, responseToStream(response)) : { kind: 'response', response };
  }
  return { kind: 'error', error: post.error ?? asError(new Error('no response and no error after post hooks')) };
}

async function callProvider(
  req: LLMRequest,
  providers: ReadonlyMap<string, ResolvedProvider>,
  rc: RequestContext,
  /** The attempt's tries: each one lands here as it ends. */
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
  if (req.kind === 'embedding' && !adapter.embed) {
    return { error: GatewayError.invalidRequest(`provider "${req.provider}" has no embeddings API`, 'unsupported_endpoint', 'model') };
  }
  // No counter upstream: an estimate, and no upstream call (nor try) for it.
  if (req.kind === 'count_tokens' && !adapter.countTokens) return { response: estimateTokens(req) };
  const retryEnv = { env: rc.env, pinnedKey: rc.pinnedKey, onTry: (t: TryTiming) => tries.push(t) };
  try {
    const result = await callWithRetries(provider, req.model, retryEnv, async (key, spanId): Promise<LLMOutcome | { stream: StreamEventBatches }> => {
      const call = { provider, key, requestId: rc.requestId, env: rc.env, traceparent: traceparent(rc.trace, spanId) };
      if (req.kind === 'chat' && req.stream) {
        return { stream: withIdleTimeout(await adapter.chatStream(req, call), provider.streamIdleTimeoutMs, provider.name) };
      }
      return {
        response: await withDeadline<LLMResponse>(provider, (signal) => {
          const bounded = { ...call, signal };
          if (req.kind === 'embedding') return adapter.embed!(req, bounded);
          if (req.kind === 'count_tokens') return adapter.countTokens!(req, bounded);
          return adapter.chat(req, bounded);
        }, rc.clientSignal),
      };
    });
    // A streamed answer is still flowing: its try ends with the stream.
    if ('stream' in result) tries.at(-1)!.end = undefined;
    return result;
  } catch (err) {
    return { error: asError(err) };
  }
}

/**
 * Stream through the per-event post hooks (when a plugin has one), taking the attempt's facts on
 * the way. Nothing has reached the client until the first batch is sent, so an error anywhere in
 * that batch is still an attempt failure that may fall back.
 */
async function commitStream(runner: PipelineRunner, attempt: Attempt, ran: number, stream: StreamEventBatches): Promise<AttemptOutcome> {
  const facts = new StreamFacts(attempt);
  const end: StreamEnd = { closing: false };
  // Settled at the stream's end, or, if the client hangs up first, when the request closes.
  runner.rc.trackStream(facts);
  const postHooks = runner.llmPostStream(ran);
  const peeked = await readCommitted(postHooks ? stream.pipeThrough(postHooks) : stream, facts, end);
  const failure = peeked.first === undefined
    ? new GatewayError({ status: 502, type: 'upstream_error', message: 'stream ended before any event', retryable: true })
    : peeked.first.find((e) => e.type === 'error')?.error;
  if (failure) {
    facts.end(failure);
    await peeked.stream.cancel();
    return { kind: 'error', error: failure };
  }
  return { kind: 'stream', stream: peeked.stream, end };
}

/** A stream for a non-streaming client: post hooks see the assembled response once. */
async function assemble(runner: PipelineRunner, ran: number, stream: StreamEventBatches, provider: string): Promise<AttemptOutcome> {
  let outcome: LLMOutcome;
  try {
    outcome = { response: await streamToResponse(stream, provider, `chatcmpl-${runner.rc.requestId}`) };
  } catch (err) {
    outcome = { error: asError(err) };
  }
  const post = await runner.llmPost(ran, 'chat', outcome);
  if (post.response) return { kind: 'response', response: post.response };
  return { kind: 'error', error: post.error ?? asError(new Error('no response after post hooks')) };
}
