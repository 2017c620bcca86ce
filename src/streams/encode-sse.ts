import type { StreamChunk } from '../pipeline/http-types';
import { WrittenChunk } from './chunk-json';
import { pullThrough } from './pull-through';

const encoder = new TextEncoder();

/**
 * Frames a batch of chunks as SSE (`event:` when set, `data: <json>`) in one write, then OpenAI's
 * `[DONE]` if asked. A stream that ended on an error gets no `[DONE]`: that marker tells clients the
 * answer is complete. `ended` runs once when the client's stream ends, whichever way (read to its
 * end, errored, or cancelled by the client): the last stage before the client says so, rather than
 * one more stage every read crosses.
 */
export function encodeSse(chunks: ReadableStream<StreamChunk[]>, doneMarker: boolean, ended: () => void): ReadableStream<Uint8Array> {
  let failed = false;
  return pullThrough<StreamChunk[], Uint8Array>(chunks, {
    transform(batch, enqueue) {
      let text = '';
      for (const chunk of batch) {
        if ('error' in chunk.data) failed = true;
        if (chunk.event) text += `event: ${chunk.event}\n`;
        text += `data: ${WrittenChunk.json(chunk)}\n\n`;
      }
      if (text) enqueue(encoder.encode(text));
    },
    flush(enqueue) {
      if (doneMarker && !failed) enqueue(encoder.encode('data: [DONE]\n\n'));
    },
    done: ended,
  });
}
