import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { inject } from 'vitest';
import { createGateway } from '../../src/gateway';
import type { PluginDefinition } from '../../src/pipeline/define-plugin';
import type { WasmBundle } from '../../src/wasm/bundle';
import { wasmBundle } from '../../plugins/wasm-bundle.generated';

export const upstreamUrl = () => inject('upstreamUrl');

export interface TestGatewayOptions {
  plugins?: readonly PluginDefinition[];
  entries?: unknown[];
  client?: Record<string, unknown>;
  /**
   * Bind this file's D1 and KV. Off by default: without them the config file alone decides the
   * sequence, so gateways built side by side in one file cannot see each other's stored rows.
   */
  storage?: boolean;
  /** Merged into the mock openai provider's config (keys, network_config, fallbacks). */
  openai?: Record<string, unknown>;
  /** Other top-level config sections (e.g. Bifrost's `governance`). */
  sections?: Record<string, unknown>;
  /** Worker variables and secrets added to the bindings (e.g. what a plugin's `env.NAME` reads). */
  vars?: Record<string, string>;
  /** The `.wasm` files entries' `path`s may name: the build's bundle unless a test brings its own. */
  wasm?: WasmBundle;
}

/** A gateway whose providers are the mock upstream, with the given plugins bundled and configured. */
export function testGateway(opts: TestGatewayOptions = {}) {
  const base = upstreamUrl();
  const handler = createGateway({
    plugins: opts.plugins ?? [],
    wasm: opts.wasm ?? wasmBundle,
    config: {
      client: opts.client ?? {},
      providers: {
        openai: {
          keys: [{ name: 'k1', value: 'env.TEST_OPENAI_KEY' }],
          ...opts.openai,
          network_config: { base_url: `${base}/openai/v1`, ...(opts.openai?.network_config as object | undefined) },
        },
        groq: { keys: [{ name: 'g1', value: 'env.TEST_GROQ_KEY' }], network_config: { base_url: `${base}/groq/v1` } },
        deepseek: { keys: [{ name: 'd1', value: 'env.TEST_OPENAI_KEY' }], network_config: { base_url: `${base}/deepseek/v1` } },
        anthropic: { keys: [{ name: 'a1', value: 'sk-ant-test' }], network_config: { base_url: `${base}/anthropic/v1` } },
        gemini: { keys: [{ name: 'gk', value: 'test-google-key' }], network_config: { base_url: `${base}/gemini/v1beta` } },
        bedrock: {
          keys: [{ name: 'aws', bedrock_key_config: { access_key: 'AKIATESTKEY', secret_key: 'test-secret', region: 'eu-west-1' } }],
          network_config: { base_url: `${base}/bedrock` },
        },
      },
      plugins: opts.entries ?? [],
      ...opts.sections,
    },
  });
  const bindings: Cloudflare.Env = { ...(opts.storage ? env : { ...env, DB: undefined, KV: undefined }), ...opts.vars };
  const fetch = async (input: string | Request, init?: RequestInit): Promise<Response> => {
    const request = typeof input === 'string' ? new Request(new URL(input, 'http://gateway.test'), init) : input;
    const ctx = createExecutionContext();
    const res = await handler.fetch!(request as Request<unknown, IncomingRequestCfProperties>, bindings, ctx);
    // waitUntil work (exports, writes) settles in the background, as in production.
    void waitOnExecutionContext(ctx);
    return res;
  };
  return { fetch };
}

export function chat(body: Record<string, unknown>, headers: Record<string, string> = {}): RequestInit {
  return { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) };
}

export const USER_HELLO = [{ role: 'user', content: 'Invent a new holiday and describe its traditions.' }];

/** Reads an SSE body into its `data:` payloads, in order. */
export async function readSse(res: Response): Promise<string[]> {
  const text = await res.text();
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => block.split('\n').find((l) => l.startsWith('data: '))!.slice('data: '.length));
}

export interface UpstreamRecord {
  headers: Record<string, string>;
  body: Record<string, unknown>;
  aborted: boolean;
  finished: boolean;
}

/** Every request the mock upstream received whose body had `user: id`, oldest first. */
export async function upstreamRecords(id: string): Promise<UpstreamRecord[]> {
  const res = await fetch(`${upstreamUrl()}/__recorded/${encodeURIComponent(id)}`);
  return res.json();
}

export async function upstreamRecord(id: string): Promise<UpstreamRecord> {
  const all = await upstreamRecords(id);
  if (all.length === 0) throw new Error(`upstream saw no request for ${id}`);
  return all.at(-1)!;
}
