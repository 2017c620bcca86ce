import { describe, expect, it } from 'vitest';
import { chat, testGateway, upstreamRecords, USER_HELLO } from './support/gateway';

const gw = testGateway({ client: { max_request_body_size_mb: 1 } });
const post = (body: string, headers: Record<string, string> = {}) =>
  gw.fetch('/v1/chat/completions', { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body });

async function expectOpenAIError(res: Response, status: number, code: string | null, message: RegExp) {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/application\/json/);
  const body = await res.json<any>();
  expect(Object.keys(body)).toEqual(['error']);
  expect(typeof body.error.type).toBe('string');
  expect(body.error.code).toBe(code);
  expect(body.error.message).toMatch(message);
  return body.error;
}

describe('bad input gets a 4xx OpenAI-style error, never a 500', () => {
  it('malformed JSON', async () => {
    await expectOpenAIError(await post('{"model": "openai/gpt-4o",'), 400, 'invalid_json', /not valid JSON/);
  });

  it('a body that is not an object', async () => {
    await expectOpenAIError(await post('[1,2,3]'), 400, 'invalid_body', /must be a JSON object/);
    await expectOpenAIError(await post(''), 400, 'invalid_body', /must be a JSON object/);
  });

  it('wrong types name the field', async () => {
    const e1 = await expectOpenAIError(await post(JSON.stringify({ model: 'openai/gpt-4o', messages: 'hi' })), 400, 'invalid_value', /^messages: /);
    expect(e1.param).toBe('messages');
    const e2 = await expectOpenAIError(await post(JSON.stringify({ model: 'openai/gpt-4o', messages: USER_HELLO, temperature: 'hot' })), 400, 'invalid_value', /^temperature: /);
    expect(e2.param).toBe('temperature');
    await expectOpenAIError(await post(JSON.stringify({ model: 'openai/gpt-4o', messages: [] })), 400, 'invalid_value', /^messages: /);
    await expectOpenAIError(await post(JSON.stringify({ model: 'openai/gpt-4o', messages: [{ role: 'wizard', content: 'x' }] })), 400, 'invalid_value', /^messages\[0\]\.role: /);
    await expectOpenAIError(await post(JSON.stringify({ messages: USER_HELLO })), 400, 'invalid_value', /^model: /);
  });

  it('a model without a provider, and an unknown provider, in model and in fallbacks', async () => {
    await expectOpenAIError(await post(JSON.stringify({ model: 'gpt-4o', messages: USER_HELLO })), 400, 'invalid_model', /must be "provider\/model"/);
    const e = await expectOpenAIError(await post(JSON.stringify({ model: 'nosuch/gpt-4o', messages: USER_HELLO })), 400, 'unknown_provider', /provider "nosuch", which is not configured/);
    expect(e.param).toBe('model');
    const f = await expectOpenAIError(
      await post(JSON.stringify({ model: 'openai/gpt-4o', messages: USER_HELLO, fallbacks: ['nosuch/x'], user: 'bad-fallback' })),
      400,
      'unknown_provider',
      /fallbacks\[0\]/,
    );
    expect(f.param).toBe('fallbacks[0]');
    // Rejected before anything was sent upstream.
    expect(await upstreamRecords('bad-fallback')).toEqual([]);
  });

  it('an oversized body', async () => {
    const big = JSON.stringify({ model: 'openai/gpt-4o', messages: [{ role: 'user', content: 'x'.repeat(1.5 * 1024 * 1024) }] });
    await expectOpenAIError(await post(big), 413, 'request_too_large', /exceeds 1048576 bytes/);
  });

  it('unknown routes and methods', async () => {
    await expectOpenAIError(await gw.fetch('/v1/nothing-here'), 404, 'not_found', /no route for GET \/v1\/nothing-here/);
    const wrongMethod = await gw.fetch('/v1/chat/completions');
    expect(wrongMethod.headers.get('allow')).toBe('POST');
    await expectOpenAIError(wrongMethod, 405, 'method_not_allowed', /GET is not allowed on \/v1\/chat\/completions; use POST/);
  });

  it('still serves good requests after bad ones', async () => {
    const res = await gw.fetch('/v1/chat/completions', chat({ model: 'openai/gpt-4.1-nano', messages: USER_HELLO }));
    expect(res.status).toBe(200);
  });
});
