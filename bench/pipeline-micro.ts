// In-process microbenchmark of the plugin pipeline alone: no HTTP, no Worker runtime, no upstream.
// Built for Node by bench/run.mjs (esbuild, platform "node") and imported from there; it uses only
// Web APIs that Node 20 has. Times what the chat route runs per request around the provider call:
// the hooks, the attempt's facts, and the observers the finished request is handed to.
import { commitStream } from '../src/core/commit-stream';
import { recordAnswer } from '../src/facts/attempt';
import { finishedRequest } from '../src/facts/finished-request';
import { StreamFacts } from '../src/facts/stream-facts';
import { RequestContext } from '../src/pipeline/hook-context';
import type { HttpRequest, HttpResponse, StreamChunk } from '../src/pipeline/http-types';
import { NO_GATEWAY_SERVICES } from '../src/pipeline/define-plugin';
import { PluginSet } from '../src/pipeline/plugin-set';
import { PipelineRunner } from '../src/pipeline/runner';
import type { ChatRequest, ChatResponse, StreamEvent } from '../src/types/chat';
import { NOOP_PLUGIN_COUNT, noopPluginSpecs } from './noop-plugins';

export interface MicroOptions {
  /** Requests per measured round (default 20000). */
  iterations?: number;
  /** Measured rounds per plugin count; the median round is reported (default 5). */
  rounds?: number;
  /** Streamed requests per round for the stream measurement (default 200). */
  streamIterations?: number;
  /** Events per streamed request (default 300, about the fixture's 302 chunks). */
  streamEvents?: number;
}

export interface MicroRow {
  plugins: number;
  /** µs per request for httpPre + llmPre + llmPost + facts + httpPost + observers (fresh RequestContext and runner each). */
  usPerRequest: number;
  /** µs per streamed request of `streamEvents` events: the attempt's stream stage + chunk hooks (when any). */
  usPerStream: number;
  /** usPerStream / streamEvents. */
  usPerStreamEvent: number;
}

export interface MicroResult {
  iterations: number;
  rounds: number;
  streamIterations: number;
  streamEvents: number;
  rows: MicroRow[];
}

const env = {} as Cloudflare.Env;
const executionCtx = { waitUntil(_p: Promise<unknown>) {} };

function httpRequest(): HttpRequest {
  return {
    method: 'POST',
    path: '/v1/chat/completions',
    headers: { 'content-type': 'application/json' },
    query: {},
    body: { model: 'openai/gpt-4.1-nano', messages: [{ role: 'user', content: 'Invent a holiday' }] },
  };
}

const chatRequest: ChatRequest = {
  kind: 'chat',
  provider: 'openai',
  model: 'gpt-4.1-nano',
  messages: [{ role: 'user', content: 'Invent a holiday' }],
  stream: false,
  includeUsage: false,
  fallbacks: [],
  params: {},
};

const chatResponse: ChatResponse = {
  kind: 'chat',
  id: 'chatcmpl-bench',
  created: 1770933883,
  model: 'gpt-4.1-nano-2025-04-14',
  provider: 'openai',
  choices: [{ index: 0, message: { role: 'assistant', content: 'Galaxy Day' }, finishReason: { unified: 'stop', raw: 'stop' } }],
  usage: { prompt_tokens: 16, completion_tokens: 363, total_tokens: 379 },
};

let seq = 0;

async function oneRequest(set: PluginSet): Promise<void> {
  const req = httpRequest();
  const rc = new RequestContext(`bench-${seq++}`, env, executionCtx, req);
  const runner = new PipelineRunner(set, rc);
  const pre = await runner.httpPre(req);
  if (pre.response) throw new Error('a no-op plugin short-circuited httpPre');
  rc.provider = chatRequest.provider;
  rc.model = chatRequest.model;
  const attempt = rc.timeline.beginAttempt(0, chatRequest);
  const llm = await runner.llmPre(chatRequest);
  if (llm.shortCircuit) throw new Error('a no-op plugin short-circuited llmPre');
  const outcome = await runner.llmPost(llm.ran, 'chat', { response: chatResponse });
  if (!outcome.response) throw new Error('llmPost lost the response');
  recordAnswer(attempt, outcome.response);
  rc.answered = attempt;
  const res: HttpResponse = { status: 200, headers: { 'content-type': 'application/json' }, body: {} };
  await runner.httpPost(pre.ran, req, res);
  rc.close();
  await runner.observe(finishedRequest(rc, res.status, Date.now()));
}

function streamEvents(n: number): StreamEvent[] {
  const events: StreamEvent[] = [{ type: 'start', id: 'chatcmpl-bench', created: 1770933892, model: 'gpt-4.1-nano' }];
  for (let i = 1; i < n - 1; i++) events.push({ type: 'text-delta', index: 0, text: 'tok ' });
  events.push({ type: 'finish', index: 0, finishReason: { unified: 'stop', raw: 'stop' } });
  return events;
}

function fromArray<T>(items: readonly T[]): ReadableStream<T> {
  let i = 0;
  return new ReadableStream<T>({
    pull(controller) {
      if (i < items.length) controller.enqueue(items[i++]!);
      else controller.close();
    },
  });
}

/** Counts the items that come out of a stream of batches. */
async function drain<T>(stream: ReadableStream<T[]>): Promise<number> {
  const reader = stream.getReader();
  let n = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return n;
    n += value.length;
  }
}

/**
 * The stream-side hooks of one streamed request, as the chat route wires them. The source and the
 * drain are timed too, so 0 plugins measures just them and the difference is the hooks' cost.
 */
async function oneStream(set: PluginSet, events: readonly StreamEvent[], chunks: readonly StreamChunk[]): Promise<void> {
  const req = httpRequest();
  const rc = new RequestContext(`bench-${seq++}`, env, executionCtx, req);
  rc.isStream = true;
  const runner = new PipelineRunner(set, rc);
  const pre = await runner.httpPre(req);
  const request = { ...chatRequest, stream: true };
  const attempt = rc.timeline.beginAttempt(0, request);
  const llm = await runner.llmPre(request);
  // Like execute-llm: the post-hook stage when a plugin has one, the facts on the committed read.
  // One event per batch: the worst case, a live stream where every upstream read carries a single token.
  const end = { closing: false };
  const source = fromArray(events.map((e) => [e]));
  const postHooks = runner.llmPostStream(llm.ran);
  const committed = await commitStream(postHooks ? source.pipeThrough(postHooks) : source, new StreamFacts(attempt), end);
  const got = await drain(committed.stream);
  if (got !== events.length) throw new Error(`the stream passed ${got} of ${events.length} events`);
  if (runner.hasChunkHooks) {
    const out = await drain(fromArray(chunks.map((c) => [c])).pipeThrough(runner.chunkHooks(req, end)));
    if (out !== chunks.length) throw new Error(`chunkHooks passed ${out} of ${chunks.length} chunks`);
  }
  void pre;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

async function timeLoop(n: number, body: () => Promise<void>): Promise<number> {
  const t0 = performance.now();
  for (let i = 0; i < n; i++) await body();
  return ((performance.now() - t0) * 1000) / n; // µs per iteration
}

export async function runPipelineMicro(opts: MicroOptions = {}): Promise<MicroResult> {
  const iterations = opts.iterations ?? 20_000;
  const rounds = opts.rounds ?? 5;
  const streamIterations = opts.streamIterations ?? 200;
  const nEvents = opts.streamEvents ?? 300;
  const counts = [0, NOOP_PLUGIN_COUNT];
  const sets = new Map<number, PluginSet>();
  for (const n of counts) {
    const set = await PluginSet.build(noopPluginSpecs(n), env, NO_GATEWAY_SERVICES);
    if (set.plugins.length !== n || set.initFailures.length) throw new Error(`expected ${n} plugins, got ${set.plugins.length}`);
    sets.set(n, set);
  }
  const events = streamEvents(nEvents);
  const chunks: StreamChunk[] = events.map((_, i) => ({ data: { i } }));

  // Warm-up so both code paths are optimised before anything is timed.
  for (const n of counts) {
    await timeLoop(Math.max(1000, iterations / 10), () => oneRequest(sets.get(n)!));
    await timeLoop(Math.max(10, streamIterations / 10), () => oneStream(sets.get(n)!, events, chunks));
  }
  // Rounds alternate plugin counts so drift (GC, CPU clock) hits both alike.
  const req = new Map<number, number[]>(counts.map((n) => [n, []]));
  const str = new Map<number, number[]>(counts.map((n) => [n, []]));
  for (let r = 0; r < rounds; r++) {
    for (const n of r % 2 ? [...counts].reverse() : counts) {
      req.get(n)!.push(await timeLoop(iterations, () => oneRequest(sets.get(n)!)));
      str.get(n)!.push(await timeLoop(streamIterations, () => oneStream(sets.get(n)!, events, chunks)));
    }
  }
  const rows = counts.map((n) => {
    const usPerStream = median(str.get(n)!);
    return { plugins: n, usPerRequest: median(req.get(n)!), usPerStream, usPerStreamEvent: usPerStream / nEvents };
  });
  return { iterations, rounds, streamIterations, streamEvents: nEvents, rows };
}
