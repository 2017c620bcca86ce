import { describe, expect, it } from 'vitest';
import textChunks from '../../../../shared/fixtures/providers/bedrock/amazon-bedrock-text.chunks.txt?raw';
import textJson from '../../../../shared/fixtures/providers/bedrock/amazon-bedrock-text.json?raw';
import type { ChatRequest, StreamEvent } from '../../types/chat';
import { trickle } from '../recorded-stream.test-support';
import { stubFetch } from '../stub-fetch.test-support';
import type { ProviderCall, ResolvedProvider } from '../types';
import { concatBytes, framesOf } from './event-stream-fixture';
import { bedrockAdapter } from './index';
import { mapBedrockError } from './map-error';

const MODEL = 'anthropic.claude-3-5-haiku-20241022-v1:0';
function call(settings: Record<string, unknown>, value = '', baseUrl = ''): ProviderCall {
  const provider = { name: 'bedrock', kind: { adapter: bedrockAdapter }, baseUrl, keys: [], timeoutMs: 5000, extraHeaders: {} } as unknown as ResolvedProvider;
  return { provider, key: { name: 'k', value, settings }, requestId: 'req-1', env: {} as Cloudflare.Env };
}

const request = (over: Partial<Omit<ChatRequest, 'kind'>> = {}): ChatRequest => ({
  kind: 'chat',
  provider: 'bedrock',
  model: MODEL,
  messages: [{ role: 'user', content: 'How many r in strawberry?' }],
  stream: false,
  includeUsage: false,
  fallbacks: [],
  params: { max_tokens: 64 },
  ...over,
});

const ACCESS = { access_key: 'AKIDEXAMPLE', secret_key: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', session_token: 'session-token', region: 'eu-west-1' };

const hex = (buf: ArrayBuffer) => [...new Uint8Array(buf)].map((b) => b.toString(16).padStart(2, '0')).join('');
const sha256 = async (text: string) => hex(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
async function hmac(key: ArrayBuffer | Uint8Array, text: string): Promise<ArrayBuffer> {
  const k = await crypto.subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return crypto.subtle.sign('HMAC', k, new TextEncoder().encode(text));
}

/** SigV4 computed here from AWS's spec, independently of sign-v4.ts: non-S3 paths are encoded twice. */
async function expectedSignature(req: Request, body: string, canonicalPath: string, signed: string[]): Promise<string> {
  const date = req.headers.get('x-amz-date')!;
  const scope = `${date.slice(0, 8)}/eu-west-1/bedrock/aws4_request`;
  const canonicalHeaders = signed.map((h) => `${h}:${h === 'host' ? new URL(req.url).host : req.headers.get(h)}\n`).join('');
  const canonical = ['POST', canonicalPath, '', canonicalHeaders, signed.join(';'), await sha256(body)].join('\n');
  const toSign = ['AWS4-HMAC-SHA256', date, scope, await sha256(canonical)].join('\n');
  let key = await hmac(new TextEncoder().encode(`AWS4${ACCESS.secret_key}`), date.slice(0, 8));
  for (const part of ['eu-west-1', 'bedrock', 'aws4_request']) key = await hmac(key, part);
  return hex(await hmac(key, toSign));
}

describe('Bedrock adapter over HTTP', () => {
  it('signs Converse with SigV4 for the key region and reads the recorded answer', async () => {
    const seen = stubFetch(() => new Response(textJson, { status: 200, headers: { 'content-type': 'application/json' } }));
    const res = await bedrockAdapter.chat(request(), call(ACCESS));

    const req = seen[0]!;
    expect(req.method).toBe('POST');
    expect(req.url).toBe('https://bedrock-runtime.eu-west-1.amazonaws.com/model/anthropic.claude-3-5-haiku-20241022-v1%3A0/converse');
    const auth = req.headers.get('authorization')!;
    expect(auth).toMatch(/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/eu-west-1\/bedrock\/aws4_request, SignedHeaders=accept;host;x-amz-date;x-amz-security-token, Signature=[0-9a-f]{64}$/);
    expect(req.headers.get('x-amz-date')).toMatch(/^\d{8}T\d{6}Z$/);
    expect(req.headers.get('x-amz-security-token')).toBe('session-token');
    const body = await req.text();
    expect(JSON.parse(body)).toEqual({ messages: [{ role: 'user', content: [{ text: 'How many r in strawberry?' }] }], inferenceConfig: { maxTokens: 64 } });
    const signature = await expectedSignature(req, body, '/model/anthropic.claude-3-5-haiku-20241022-v1%253A0/converse', ['accept', 'host', 'x-amz-date', 'x-amz-security-token']);
    expect(auth.endsWith(`Signature=${signature}`)).toBe(true);

    expect(res).toMatchObject({ id: 'chatcmpl-req-1', model: MODEL, provider: 'bedrock', usage: { prompt_tokens: 22, completion_tokens: 57, total_tokens: 79 } });
    expect(res.choices[0]!.message.content).toContain('There are **3**');
  });

  it('uses a Bedrock API key as a bearer token, the default region and a deployment alias', async () => {
    const seen = stubFetch(() => new Response(textJson, { status: 200 }));
    await bedrockAdapter.chat(request({ model: 'haiku' }), call({ deployments: { haiku: 'us.anthropic.claude-3-5-haiku-20241022-v1:0' } }, 'bedrock-api-key-123'));
    expect(seen[0]!.url).toBe('https://bedrock-runtime.us-east-1.amazonaws.com/model/us.anthropic.claude-3-5-haiku-20241022-v1%3A0/converse');
    expect(seen[0]!.headers.get('authorization')).toBe('Bearer bedrock-api-key-123');
    expect(seen[0]!.headers.has('x-amz-date')).toBe(false);
  });

  it('streams ConverseStream binary frames arriving in awkward reads', async () => {
    const bytes = concatBytes(framesOf(textChunks));
    const seen = stubFetch(() => new Response(trickle(bytes, 23), { status: 200, headers: { 'content-type': 'application/vnd.amazon.eventstream' } }));
    const stream = await bedrockAdapter.chatStream(request({ stream: true }), call(ACCESS, '', 'http://127.0.0.1:9/bedrock'));
    const events: StreamEvent[] = [];
    for await (const batch of stream) events.push(...batch);

    expect(seen[0]!.url).toBe('http://127.0.0.1:9/bedrock/model/anthropic.claude-3-5-haiku-20241022-v1%3A0/converse-stream');
    expect(seen[0]!.headers.get('accept')).toBe('application/vnd.amazon.eventstream');
    expect(seen[0]!.headers.get('authorization')).toContain('Credential=AKIDEXAMPLE/');
    expect(events[0]).toMatchObject({ type: 'start', id: 'chatcmpl-req-1', model: MODEL });
    expect(events.flatMap((e) => (e.type === 'text-delta' ? [e.text] : [])).join('')).toBe(
      'Let me count the "r"s in "strawberry":\n\ns-t-**r**-a-w-b-e-**r**-**r**-y\n\nThere are **3** r\'s in "strawberry."',
    );
    expect(events.at(-1)).toEqual({ type: 'finish', index: 0, finishReason: { unified: 'stop', raw: 'end_turn' }, usage: { prompt_tokens: 22, completion_tokens: 55, total_tokens: 77 } });
  });

  it.each([
    [400, 'ValidationException', 'The provided model identifier is invalid.', 'invalid_request_error', false],
    [403, 'AccessDeniedException', "You don't have access to the model with the specified model ID.", 'permission_error', false],
    [404, 'ResourceNotFoundException', 'Could not resolve the foundation model from the provided model identifier.', 'not_found_error', false],
    [429, 'ThrottlingException', 'Too many requests, please wait before trying again.', 'rate_limit_error', true],
    [503, 'ServiceUnavailableException', 'Bedrock is unable to process your request.', 'upstream_error', true],
  ] as const)('maps a %i answer to a GatewayError', async (status, code, message, type, retryable) => {
    stubFetch(() => new Response(JSON.stringify({ message }), { status, headers: { 'content-type': 'application/json', 'x-amzn-errortype': `${code}:http://internal.amazon.com/coral/com.amazon.bedrock/` } }));
    await expect(bedrockAdapter.chat(request(), call(ACCESS))).rejects.toMatchObject({ status, type, code, message, retryable, provider: 'bedrock' });
  });

  it('refuses a key with neither access keys nor an API key before calling upstream', async () => {
    const seen = stubFetch(() => new Response('{}'));
    await expect(bedrockAdapter.chat(request(), call({ region: 'us-west-2' }))).rejects.toMatchObject({ status: 500, type: 'configuration_error', code: 'invalid_provider_key' });
    await expect(bedrockAdapter.chat(request(), call({ access_key: 'AKID', region: 'us-west-2' }))).rejects.toMatchObject({ status: 500, code: 'invalid_provider_key' });
    await expect(bedrockAdapter.chat(request(), call({ access_key: 'AKID', secret_key: 's', region: 'evil.com/x' }))).rejects.toMatchObject({ status: 500, code: 'invalid_provider_key' });
    expect(seen).toHaveLength(0);
  });
});

describe('Bedrock error mapping', () => {
  it('takes the error name from x-amzn-errortype and treats bad credentials as authentication errors', () => {
    const e = mapBedrockError('bedrock', 403, '{"message":"The security token included in the request is invalid."}', 'UnrecognizedClientException:http://internal.amazon.com/coral/com.amazon.coral.service/');
    expect(e).toMatchObject({ status: 403, type: 'authentication_error', code: 'UnrecognizedClientException', message: 'The security token included in the request is invalid.', retryable: false });
  });

  it('keeps the status and a snippet of a body that is not JSON', () => {
    expect(mapBedrockError('bedrock', 502, '<html>Bad Gateway</html>')).toMatchObject({ status: 502, type: 'upstream_error', retryable: true, message: expect.stringContaining('<html>Bad Gateway') });
  });
});

describe('Bedrock embeddings', () => {
  it('calls Titan v2 once per input with dimensions and sums the token counts', async () => {
    const seen = stubFetch(async (req) => {
      const body = (await req.json()) as { inputText: string };
      return Response.json({ embedding: [body.inputText.length, 0.5], inputTextTokenCount: body.inputText.length });
    });
    const res = await bedrockAdapter.embed!(
      { kind: 'embedding', fallbacks: [], encodingFormat: 'float', provider: 'bedrock', model: 'amazon.titan-embed-text-v2:0', input: ['hello', 'hi'], params: { dimensions: 256 } },
      call(ACCESS),
    );
    expect(seen.map((r) => r.url)).toEqual(Array(2).fill('https://bedrock-runtime.eu-west-1.amazonaws.com/model/amazon.titan-embed-text-v2%3A0/invoke'));
    expect(await Promise.all(seen.map((r) => r.json()))).toEqual([
      { inputText: 'hello', dimensions: 256, normalize: true },
      { inputText: 'hi', dimensions: 256, normalize: true },
    ]);
    expect(res).toEqual({ kind: 'embedding', model: 'amazon.titan-embed-text-v2:0', provider: 'bedrock', embeddings: [[5, 0.5], [2, 0.5]], usage: { prompt_tokens: 7, total_tokens: 7 } });
  });

  it('sends Cohere models all texts in one call', async () => {
    const seen = stubFetch(() => Response.json({ id: 'x', embeddings: [[0.1], [0.2]], texts: ['a', 'b'], response_type: 'embeddings_floats' }, { headers: { 'x-amzn-bedrock-input-token-count': '4' } }));
    const res = await bedrockAdapter.embed!({ kind: 'embedding', fallbacks: [], encodingFormat: 'float', provider: 'bedrock', model: 'cohere.embed-english-v3', input: ['a', 'b'], params: {} }, call(ACCESS));
    expect(seen).toHaveLength(1);
    expect(await seen[0]!.json()).toEqual({ texts: ['a', 'b'], input_type: 'search_document' });
    expect(res).toEqual({ kind: 'embedding', model: 'cohere.embed-english-v3', provider: 'bedrock', embeddings: [[0.1], [0.2]], usage: { prompt_tokens: 4, total_tokens: 4 } });
  });

  it('refuses dimensions for a model that does not take them', async () => {
    stubFetch(() => Response.json({}));
    await expect(bedrockAdapter.embed!({ kind: 'embedding', fallbacks: [], encodingFormat: 'float', provider: 'bedrock', model: 'amazon.titan-embed-text-v1', input: ['a'], params: { dimensions: 256 } }, call(ACCESS))).rejects.toMatchObject({ status: 400, param: 'dimensions' });
  });
});
