import { describe, expect, it } from 'vitest';
import { chat, testGateway, USER_HELLO } from './support/gateway';

// A browser on another origin may call the gateway only where client.allowed_origins says so.

const preflight = (origin: string, path = '/v1/chat/completions') =>
  new Request(`http://gateway.test${path}`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, authorization' } });

describe('CORS', () => {
  it('allows no origin by default: a preflight is a 403 without CORS headers', async () => {
    const gw = testGateway();
    const res = await gw.fetch(preflight('https://evil.example'));
    expect(res.status).toBe(403);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect((await res.json<any>()).error.code).toBe('origin_not_allowed');
  });

  it('answers a preflight from an allowed origin, and marks its responses readable', async () => {
    const gw = testGateway({ client: { allowed_origins: ['https://app.example'] } });
    const res = await gw.fetch(preflight('https://app.example'));
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://app.example');
    expect(res.headers.get('access-control-allow-methods')).toContain('POST');
    expect(res.headers.get('access-control-allow-headers')?.toLowerCase()).toContain('authorization');
    const answer = await gw.fetch('/v1/chat/completions', chat({ model: 'openai/gpt-4.1-nano', messages: USER_HELLO }, { origin: 'https://app.example' }));
    expect(answer.status).toBe(200);
    expect(answer.headers.get('access-control-allow-origin')).toBe('https://app.example');
    expect(answer.headers.get('access-control-expose-headers')).toContain('x-request-id');
  });

  it('refuses the other origins even when some are allowed', async () => {
    const gw = testGateway({ client: { allowed_origins: ['https://app.example'] } });
    expect((await gw.fetch(preflight('https://app.example.evil.test'))).status).toBe(403);
    const answer = await gw.fetch('/v1/chat/completions', chat({ model: 'openai/gpt-4.1-nano', messages: USER_HELLO }, { origin: 'https://other.example' }));
    expect(answer.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('"*" allows any origin on client routes, never on the management API', async () => {
    const gw = testGateway({ client: { allowed_origins: ['*'] } });
    expect((await gw.fetch(preflight('https://anyone.example'))).status).toBe(204);
    expect((await gw.fetch(preflight('https://anyone.example', '/api/plugins'))).status).toBe(403);
  });
});
