import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { handleAnthropic } from './upstreams/anthropic';
import { handleBedrock } from './upstreams/bedrock';
import { DEEPSEEK_REASONING_MODEL, handleDeepSeekReasoning } from './upstreams/deepseek-reasoning';
import { handleDatadogAgent } from './upstreams/datadog-agent';
import { handleGemini } from './upstreams/gemini';
import { handleHostile } from './upstreams/hostile';
import { handleMaximApi } from './upstreams/maxim-api';
import { manyChoicesChunks, manyChoicesJson } from './upstreams/openai-choices';
import { handleCollector } from './upstreams/otel-collector';
import { handleOpenAITools, TOOL_CALL_MODEL } from './upstreams/openai-tools';
import { handleToolLoop, isToolLoopModel } from './upstreams/tool-loop';

// A provider stand-in that speaks OpenAI's real wire format from recorded payloads. The model name
// picks a behaviour, so each test can ask for the upstream it needs. Runs in Node, outside workerd.

const FIXTURES = resolve(import.meta.dirname, '../../../shared/fixtures/providers');
const fixture = (path: string) => readFileSync(join(FIXTURES, path), 'utf8');
const chunkLines = (path: string) => fixture(path).split('\n').filter((l) => l.trim() !== '');

const OPENAI_TEXT = fixture('openai/openai-text.json');
const OPENAI_CHUNKS = chunkLines('openai/openai-text.chunks.txt');
const DEEPSEEK_TEXT = fixture('deepseek/deepseek-text.json');
const OPENAI_EMBEDDING = fixture('openai/openai-embedding.json');

/**
 * A deterministic test embedding model in OpenAI's wire format: each lower-cased word adds 1 to
 * one of 64 buckets (FNV-1a), so texts sharing words are similar and equal word sets are identical.
 */
export const BOW_MODEL = 'bow-64';
function bagOfWordsEmbedding(input: unknown) {
  const texts = (Array.isArray(input) ? input : [input]).map(String);
  const data = texts.map((text, index) => {
    const vector = new Array<number>(64).fill(0);
    const words = text.toLowerCase().match(/[a-z0-9]+/g) ?? [];
    for (const word of words) {
      let h = 0x811c9dc5;
      for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 0x01000193) >>> 0;
      vector[h % 64]! += 1;
    }
    return { object: 'embedding', index, embedding: vector };
  });
  const tokens = texts.reduce((n, t) => n + (t.match(/[a-z0-9]+/gi)?.length ?? 0), 0);
  return { object: 'list', data, model: BOW_MODEL, usage: { prompt_tokens: tokens, total_tokens: tokens } };
}
const OPENAI_COMPLETION = fixture('openai/openai-completion-text.json');
const OPENAI_COMPLETION_CHUNKS = chunkLines('openai/openai-completion-text.chunks.txt');
const GROQ_CHUNKS = chunkLines('groq/groq-text.chunks.txt');

interface Recorded {
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
  aborted: boolean;
  finished: boolean;
}

const sse = (res: ServerResponse) => res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
const sseData = (data: string) => `data: ${data}\n\n`;
const json = (res: ServerResponse, status: number, body: string | object) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(typeof body === 'string' ? body : JSON.stringify(body));
};
const openAIError = (message: string, type: string, code: string | null = null) => ({ error: { message, type, param: null, code } });

export async function startMockUpstream(): Promise<{ url: string; close: () => Promise<void> }> {
  const recorded = new Map<string, Recorded[]>();
  const attempts = new Map<string, number>();

  const server = createServer(async (req, res) => {
    if (await handleCollector(req, res)) return;
    if (await handleDatadogAgent(req, res)) return;
    if (await handleMaximApi(req, res)) return;
    if (req.method === 'GET' && req.url?.startsWith('/__recorded/')) {
      return json(res, 200, recorded.get(decodeURIComponent(req.url.slice('/__recorded/'.length))) ?? []);
    }
    let raw = '';
    for await (const part of req) raw += part;
    const body = JSON.parse(raw || '{}') as Record<string, unknown>;
    const rec: Recorded = { headers: req.headers, body, aborted: false, finished: false };
    // Tests tag requests with OpenAI's `user` field, which the gateway passes through untouched.
    // (Anthropic carries it as metadata.user_id.)
    const testId = body.user ?? (body.metadata as { user_id?: string } | undefined)?.user_id;
    if (typeof testId === 'string') recorded.set(testId, [...(recorded.get(testId) ?? []), rec]);
    res.on('close', () => {
      if (!res.writableFinished) rec.aborted = true;
    });
    res.on('finish', () => (rec.finished = true));

    const model = String(body.model);
    if (handleHostile(req, res, raw, model, testId)) return;
    if (req.url?.endsWith('/v1/completions')) {
      if (body.stream !== true) return json(res, 200, OPENAI_COMPLETION);
      sse(res);
      return res.end(OPENAI_COMPLETION_CHUNKS.map(sseData).join('') + sseData('[DONE]'));
    }
    if (req.url?.endsWith('/embeddings') && !req.url.includes('/gemini/')) {
      if (model === BOW_MODEL) return json(res, 200, bagOfWordsEmbedding(body.input));
      return json(res, model === 'fail-500' ? 500 : 200, model === 'fail-500' ? openAIError('boom', 'server_error') : OPENAI_EMBEDDING);
    }
    const auth = String(req.headers.authorization ?? '');
    const seen = (attempts.get(`${testId}/${model}`) ?? 0) + 1;
    attempts.set(`${testId}/${model}`, seen);
    const stream = body.stream === true;
    // A scripted model for clients' tool loops and structured output, on every API it speaks.
    if (isToolLoopModel(model)) return handleToolLoop(req.url ?? '', body, res, fixture);
    switch (model) {
      case 'fail-500':
        return json(res, 500, openAIError('The server had an error while processing your request.', 'server_error'));
      case 'fail-429':
        return json(res, 429, openAIError('Rate limit reached for requests', 'requests', 'rate_limit_exceeded'));
      case 'fail-401':
        return json(res, 401, openAIError('Incorrect API key provided', 'invalid_request_error', 'invalid_api_key'));
      case 'flaky':
        // Fails twice with 503, then answers: for retry tests (count per `user` tag).
        if (seen <= 2) return json(res, 503, openAIError('Service temporarily unavailable', 'server_error'));
        return json(res, 200, OPENAI_TEXT);
      case 'rate-limited-key-a':
        // 429 for one key only: for key rotation tests.
        if (auth === 'Bearer sk-key-a') return json(res, 429, openAIError('Rate limit reached for key a', 'requests', 'rate_limit_exceeded'));
        return json(res, 200, OPENAI_TEXT);
      case 'drop-connection':
        // Headers, part of a body, then the socket dies.
        if (!stream) return req.socket.destroy();
        sse(res);
        res.write(sseData(OPENAI_CHUNKS[0]!) + sseData(OPENAI_CHUNKS[1]!));
        setTimeout(() => req.socket.destroy(), 50);
        return;
      case 'stall-stream':
        // Two chunks, then silence until the client gives up.
        sse(res);
        return void res.write(sseData(OPENAI_CHUNKS[0]!) + sseData(OPENAI_CHUNKS[1]!));
      case 'stall-before-stream':
        // Headers out, then nothing at all.
        sse(res);
        return res.flushHeaders();
      case 'not-json':
        return json(res, 502, '<html>Bad gateway</html>');
      case TOOL_CALL_MODEL:
        return handleOpenAITools(body, res, OPENAI_TEXT);
      case 'echo':
        // Answers with the body it received, so tests can see what the gateway sent upstream.
        return json(res, 200, { ...JSON.parse(OPENAI_TEXT), choices: [{ index: 0, message: { role: 'assistant', content: raw }, finish_reason: 'stop' }] });
      case 'stream-error-first':
        sse(res);
        return res.end(sseData(JSON.stringify(openAIError('overloaded', 'server_error'))));
      case 'stream-error-mid':
        // Three good chunks, and after they were sent, an error event: too late for a fallback.
        sse(res);
        res.write(OPENAI_CHUNKS.slice(0, 3).map(sseData).join(''));
        setTimeout(() => res.end(sseData(JSON.stringify(openAIError('upstream died', 'server_error')))), 100);
        return;
      case 'slow-stream': {
        // One chunk every 50 ms for up to 10 s: long enough for a test to hang up mid-stream.
        sse(res);
        let i = 0;
        const timer = setInterval(() => {
          if (res.destroyed || i >= 200) {
            clearInterval(timer);
            if (!res.destroyed) res.end(sseData('[DONE]'));
            return;
          }
          res.write(sseData(OPENAI_CHUNKS[1 + (i++ % (OPENAI_CHUNKS.length - 2))]!));
        }, 50);
        res.on('close', () => clearInterval(timer));
        return;
      }
      default: {
        const provider = req.url?.split('/')[1];
        if (provider === 'anthropic') return handleAnthropic(req.url!, body, res, fixture);
        if (provider === 'bedrock') return handleBedrock(req.url!, body, res, fixture);
        if (provider === 'gemini') return handleGemini(req.url ?? '', body, res, fixture);
        if (provider === 'groq') {
          if (!stream) return json(res, 400, openAIError('groq fixture is stream only', 'invalid_request_error'));
          sse(res);
          return res.end(GROQ_CHUNKS.map(sseData).join('') + sseData('[DONE]'));
        }
        if (provider === 'deepseek' && model === DEEPSEEK_REASONING_MODEL) return handleDeepSeekReasoning(stream, res);
        if (provider === 'deepseek' && !stream) return json(res, 200, DEEPSEEK_TEXT);
        // `n` choices in one answer, as OpenAI sends them.
        const n = typeof body.n === 'number' && body.n > 1 ? body.n : 1;
        if (!stream) return json(res, 200, n > 1 ? manyChoicesJson(OPENAI_TEXT, n) : OPENAI_TEXT);
        sse(res);
        // Written chunk by chunk so the gateway sees a real incremental stream.
        for (const line of n > 1 ? manyChoicesChunks(OPENAI_CHUNKS, n) : OPENAI_CHUNKS) res.write(sseData(line));
        return res.end(sseData('[DONE]'));
      }
    }
  });

  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      }),
  };
}
