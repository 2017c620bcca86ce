import { invalidUpstream } from './upstream-errors';

/** A 2xx upstream body as JSON; one that is not JSON is a retryable 502 (`invalid_upstream_response`). */
export async function readJson(res: Response, provider: string): Promise<unknown> {
  try {
    return await res.json();
  } catch (err) {
    throw invalidUpstream(provider, 'invalid_upstream_response', 'sent a body that is not JSON', err);
  }
}
