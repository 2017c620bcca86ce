import type { HttpRequest, HttpResponse } from '../pipeline/http-types';
import { base64ToText, textToBase64 } from './base64';

// Heimdall's transport view ↔ Bifrost's HTTPRequest / HTTPResponse (core/schemas/plugin.go):
// `{method, path, headers, query, body: base64, path_params}` and `{status_code, headers, body}`.
// Heimdall holds the request body parsed (JSON) and header names lower-cased; Bifrost holds bytes.

export interface BifrostHttpRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  query: Record<string, string>;
  body: string | null;
  path_params: Record<string, string>;
}

export function httpRequestToBifrost(req: HttpRequest): BifrostHttpRequest {
  return {
    method: req.method,
    path: req.path,
    headers: req.headers,
    query: req.query,
    body: req.body === undefined ? null : textToBase64(JSON.stringify(req.body)),
    path_params: {},
  };
}

/**
 * Applies what `http_pre_hook` returned as `request`, in place, as a TypeScript hook edits it: the
 * headers, query and body it returns replace the request's. Throws (a plugin failure) when the
 * body is not base64 of JSON, or a header is not a string.
 */
export function applyHttpRequest(req: HttpRequest, returned: unknown): void {
  if (!isObject(returned)) return;
  if (isObject(returned.headers)) replace(req.headers, stringMap(returned.headers, 'header', true));
  if (isObject(returned.query)) replace(req.query, stringMap(returned.query, 'query parameter', false));
  if (typeof returned.method === 'string' && returned.method) req.method = returned.method;
  if (typeof returned.path === 'string' && returned.path) req.path = returned.path;
  // An empty body is no change: plugins that type the body as a string (Bifrost's Rust example)
  // turn the `null` of a request without one into "".
  if (typeof returned.body === 'string' && returned.body !== '') {
    let text: string;
    try {
      text = base64ToText(returned.body);
    } catch {
      throw new Error('returned a request body that is not base64 of UTF-8 text');
    }
    try {
      req.body = JSON.parse(text);
    } catch {
      throw new Error('returned a request body that is not JSON');
    }
  }
}

export function httpResponseToBifrost(res: HttpResponse): { status_code: number; headers: Record<string, string>; body: string | null } {
  const body = res.body === undefined || res.body === null ? null : textToBase64(typeof res.body === 'string' ? res.body : JSON.stringify(res.body));
  return { status_code: res.status, headers: res.headers, body };
}

/** A short-circuit response: a JSON body is sent as JSON, anything else as the text it is. */
export function httpResponseFromBifrost(returned: unknown): HttpResponse {
  if (!isObject(returned)) throw new Error('set has_response without a response');
  const status = typeof returned.status_code === 'number' && returned.status_code >= 100 && returned.status_code <= 599 ? returned.status_code : 200;
  const headers = isObject(returned.headers) ? stringMap(returned.headers, 'header', true) : {};
  let body: unknown = '';
  if (typeof returned.body === 'string' && returned.body) {
    let text: string;
    try {
      text = base64ToText(returned.body);
    } catch {
      throw new Error('returned a response body that is not base64 of UTF-8 text');
    }
    body = text;
    if (!headers['content-type'] || headers['content-type'].includes('json')) {
      try {
        body = JSON.parse(text);
        headers['content-type'] ??= 'application/json';
      } catch {
        // Not JSON: sent as the text it is.
      }
    }
  }
  return { status, headers, body };
}

function replace(target: Record<string, string>, next: Record<string, string>): void {
  for (const key of Object.keys(target)) delete target[key];
  Object.assign(target, next);
}

function stringMap(value: Record<string, unknown>, what: string, lowerCase: boolean): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(value)) {
    if (typeof v !== 'string') throw new Error(`returned ${what} "${k}" as ${typeof v}, not a string`);
    out[lowerCase ? k.toLowerCase() : k] = v;
  }
  return out;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
