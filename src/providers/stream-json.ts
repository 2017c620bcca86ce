import type { StreamEvent } from '../types/chat';
import { invalidStreamEvent } from './upstream-errors';

/**
 * One stream message's payload as JSON. When it is not JSON, the error event that ends the stream
 * goes into `out` and the result is undefined (which `JSON.parse` itself never returns).
 */
export function parseStreamJson(data: string, provider: string, out: StreamEvent[]): unknown {
  try {
    return JSON.parse(data);
  } catch {
    out.push(invalidStreamEvent(provider, 'sent a stream event that is not JSON'));
    return undefined;
  }
}
