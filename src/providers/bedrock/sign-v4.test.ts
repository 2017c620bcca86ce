import { describe, expect, it } from 'vitest';
import { signV4 } from './sign-v4';

// AWS's SigV4 test suite (aws-sig-v4-test-suite: post-vanilla, get-vanilla,
// get-vanilla-query-order-key-case): its credentials, date and published signatures.
const CREDS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', region: 'us-east-1', service: 'service' };
const NOW = new Date('2015-08-30T12:36:00Z');

async function sign(method: string, url: string, headers = new Headers(), body = '', creds: Parameters<typeof signV4>[4] = CREDS): Promise<Headers> {
  await signV4(method, new URL(url), headers, body, creds, NOW);
  return headers;
}

describe('signV4', () => {
  it.each([
    ['POST', 'https://example.amazonaws.com/', '5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b'],
    ['GET', 'https://example.amazonaws.com/', '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31'],
    ['GET', 'https://example.amazonaws.com/?Param2=value2&Param1=value1', 'b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500'],
  ])('gives AWS test-suite signature for %s %s', async (method, url, signature) => {
    const headers = await sign(method, url);
    expect(headers.get('x-amz-date')).toBe('20150830T123600Z');
    expect(headers.get('authorization')).toBe(`AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=${signature}`);
  });

  it('signs the session token and other headers, never content-type or user-agent', async () => {
    const headers = await sign('POST', 'https://example.amazonaws.com/', new Headers({ 'content-type': 'application/json', 'user-agent': 'x', accept: 'application/json', 'x-extra': 'a' }), '{}', { ...CREDS, sessionToken: 'tok' });
    expect(headers.get('x-amz-security-token')).toBe('tok');
    expect(headers.get('authorization')).toContain('SignedHeaders=accept;host;x-amz-date;x-amz-security-token;x-extra,');
  });
});
