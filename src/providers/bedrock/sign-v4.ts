// AWS Signature Version 4 for one request to a non-S3 service (Bedrock Runtime), from AWS's spec:
// in place of aws4fetch, whose general signer (S3's rules, query signing, service guessing) was 6 KB
// of the bundle (issue 17). The path is URI-encoded twice, the query's pairs sorted, every header
// but those a proxy may add or change signed (aws4fetch's list), the payload's SHA-256 hashed in.

export interface AwsCredentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
  region: string;
  service: string;
}

const UNSIGNED_HEADERS = new Set(['authorization', 'content-type', 'content-length', 'user-agent', 'presigned-expires', 'expect', 'x-amzn-trace-id', 'range', 'connection']);

const encoder = new TextEncoder();
const hex = (bytes: ArrayBuffer): string => Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('');
const sha256 = async (text: string): Promise<string> => hex(await crypto.subtle.digest('SHA-256', encoder.encode(text)));

async function hmac(key: ArrayBuffer | Uint8Array, text: string): Promise<ArrayBuffer> {
  const k = await crypto.subtle.importKey('raw', key, { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  return crypto.subtle.sign('HMAC', k, encoder.encode(text));
}

/** RFC 3986 percent-encoding (encodeURIComponent leaves `!'()*` as they are). */
const uriEncode = (text: string): string => encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

const compare = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Signs `headers` for this request in place: sets x-amz-date, x-amz-security-token (with a session token) and authorization. */
export async function signV4(method: string, url: URL, headers: Headers, body: string, creds: AwsCredentials, now = new Date()): Promise<void> {
  const datetime = now.toISOString().replace(/[:-]|\.\d{3}/g, '');
  const date = datetime.slice(0, 8);
  headers.delete('host');
  headers.set('x-amz-date', datetime);
  if (creds.sessionToken) headers.set('x-amz-security-token', creds.sessionToken);
  const signed = ['host', ...headers.keys()].filter((h) => !UNSIGNED_HEADERS.has(h)).sort();
  // The path as sent is already percent-encoded once; non-S3 services sign it encoded again.
  const path = url.pathname.replace(/\/+/g, '/').split('/').map(uriEncode).join('/');
  const query = [...url.searchParams]
    .filter(([k]) => k)
    .map(([k, v]) => [uriEncode(k), uriEncode(v)] as const)
    .sort(([k1, v1], [k2, v2]) => compare(k1, k2) || compare(v1, v2))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const canonicalHeaders = signed.map((h) => `${h}:${h === 'host' ? url.host : (headers.get(h) ?? '').replace(/\s+/g, ' ')}\n`).join('');
  const canonical = [method, path, query, canonicalHeaders, signed.join(';'), await sha256(body)].join('\n');
  const scope = `${date}/${creds.region}/${creds.service}/aws4_request`;
  let key = await hmac(encoder.encode(`AWS4${creds.secretAccessKey}`), date);
  for (const part of [creds.region, creds.service, 'aws4_request']) key = await hmac(key, part);
  const signature = hex(await hmac(key, ['AWS4-HMAC-SHA256', datetime, scope, await sha256(canonical)].join('\n')));
  headers.set('authorization', `AWS4-HMAC-SHA256 Credential=${creds.accessKeyId}/${scope}, SignedHeaders=${signed.join(';')}, Signature=${signature}`);
}
