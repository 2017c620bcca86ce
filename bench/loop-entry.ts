// The Worker bench/loop.mjs runs: each request to it makes `n` sequential requests through
// createGateway (no plugins, or the logging built-in on a local D1) against a fake upstream that
// answers with recorded fixtures (OpenAI chat for /v1/chat/completions clients, Anthropic Messages
// for /v1/messages ones: Claude Code's path), so workerd's CPU per gateway request is read with no
// network and no load generator in the way.
import { createGateway } from '../src/gateway';
import logging from '../plugins/logging';

/** The recorded answers (OpenAI's from bench/mock-upstream.mjs's loadFixtures, or Anthropic's), as text bindings. */
interface LoopEnv {
  FIXTURE_JSON: string;
  FIXTURE_SSE: string;
  /** "messages": an Anthropic Messages client and upstream; else OpenAI chat completions. */
  LOOP_API: string;
  /** "1": the logging built-in writes every request's row to the DB binding. */
  LOOP_LOGGING: string;
}

const UPSTREAM = 'http://upstream.invalid/v1';
let fixtures: { json: string; sse: Uint8Array } | undefined;

// The provider's fetch, answered here: the bytes a real upstream sends (one burst for a stream).
const realFetch = globalThis.fetch;
globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
  const request = new Request(input, init);
  if (!request.url.startsWith(UPSTREAM) || !fixtures) return realFetch(request);
  const body = (await request.json()) as { stream?: boolean };
  if (body.stream) return new Response(fixtures.sse, { headers: { 'content-type': 'text/event-stream' } });
  return new Response(fixtures.json, { headers: { 'content-type': 'application/json' } });
};

const upstream = { keys: [{ value: 'sk-bench', models: [] }], network_config: { base_url: UPSTREAM } };
const providers = { openai: upstream, anthropic: upstream };
let gateway: ReturnType<typeof createGateway> | undefined;
const messages = [{ role: 'user', content: 'Invent a new holiday and describe its traditions.' }];

export default {
  async fetch(req, env, ctx) {
    const { FIXTURE_JSON, FIXTURE_SSE, LOOP_API } = env as unknown as LoopEnv;
    fixtures ??= { json: FIXTURE_JSON, sse: new TextEncoder().encode(FIXTURE_SSE) };
    const logged = (env as unknown as LoopEnv).LOOP_LOGGING === '1';
    gateway ??= createGateway({ config: { client: { enable_logging: logged }, providers, plugins: [] }, plugins: logged ? [logging] : [] });
    const url = new URL(req.url);
    const n = Number(url.searchParams.get('n') ?? 1);
    const stream = url.searchParams.get('stream') === '1';
    const messagesApi = LOOP_API === 'messages';
    const body = JSON.stringify(messagesApi ? { model: 'anthropic/claude-sonnet-4-5', max_tokens: 1024, messages, stream } : { model: 'openai/gpt-4.1-nano', messages, stream });
    // As SDK clients send it: with a content-length.
    const headers = { 'content-type': 'application/json', authorization: 'Bearer sk-loop', 'content-length': String(new TextEncoder().encode(body).length) };
    let bytes = 0;
    for (let i = 0; i < n; i++) {
      const res = await gateway.fetch!(new Request(`http://gateway${messagesApi ? '/anthropic/v1/messages' : '/v1/chat/completions'}`, { method: 'POST', headers, body }) as Request<unknown, IncomingRequestCfProperties>, env, ctx);
      if (res.status !== 200) return new Response(`status ${res.status}: ${await res.text()}`, { status: 500 });
      bytes += (await res.arrayBuffer()).byteLength;
    }
    return new Response(String(bytes));
  },
} satisfies ExportedHandler<Cloudflare.Env>;
