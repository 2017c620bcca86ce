import { describe, expect, it } from 'vitest';
import { mapGeminiError } from './map-error';

// Error bodies as the Generative Language API sends them.
const body = (code: number, status: string, message: string, details?: unknown[]) => JSON.stringify({ error: { code, message, status, ...(details ? { details } : {}) } });

describe('mapGeminiError', () => {
  it('tells a bad API key (400 INVALID_ARGUMENT + API_KEY_INVALID) apart as an authentication error', () => {
    const err = mapGeminiError(
      'gemini',
      400,
      body(400, 'INVALID_ARGUMENT', 'API key not valid. Please pass a valid API key.', [
        { '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'API_KEY_INVALID', domain: 'googleapis.com', metadata: { service: 'generativelanguage.googleapis.com' } },
        { '@type': 'type.googleapis.com/google.rpc.LocalizedMessage', locale: 'en-US', message: 'API key not valid. Please pass a valid API key.' },
      ]),
    );
    expect(err).toMatchObject({ status: 400, type: 'authentication_error', code: 'invalid_api_key', message: 'API key not valid. Please pass a valid API key.', retryable: false, provider: 'gemini' });
  });

  it.each([
    [400, 'INVALID_ARGUMENT', '* GenerateContentRequest.contents: contents is not specified', 'invalid_request_error', false],
    [403, 'PERMISSION_DENIED', 'Your API key was reported as leaked. Please use another API key.', 'permission_error', false],
    [404, 'NOT_FOUND', 'models/gemini-9 is not found for API version v1beta, or is not supported for generateContent.', 'not_found_error', false],
    [429, 'RESOURCE_EXHAUSTED', 'You exceeded your current quota, please check your plan and billing details.', 'rate_limit_error', true],
    [500, 'INTERNAL', 'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting', 'upstream_error', true],
    [503, 'UNAVAILABLE', 'The model is overloaded. Please try again later.', 'upstream_error', true],
  ] as const)('maps %i %s', (status, googleStatus, message, type, retryable) => {
    const details = status === 429 ? [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: '41s' }] : undefined;
    expect(mapGeminiError('gemini', status, body(status, googleStatus, message, details))).toMatchObject({ status, type, code: googleStatus, message, retryable, provider: 'gemini' });
  });

  it('keeps a body that is not Google JSON in the message', () => {
    const err = mapGeminiError('gemini', 502, '<html>Bad Gateway</html>');
    expect(err).toMatchObject({ status: 502, type: 'upstream_error', retryable: true });
    expect(err.message).toContain('<html>Bad Gateway</html>');
  });
});
