import type { StreamChunk } from '../pipeline/http-types';

const encoder = new TextEncoder();

/**
 * Frames chunks as SSE (`event:` when set, `data: <json>`), then OpenAI's `[DONE]` if asked. A stream
 * that ended on an error gets no `[DONE]`: that marker tells clients the answer is complete.
 */
export function encodeSse(doneMarker: boolean): TransformStream<StreamChunk, Uint8Array> {
  let failed = false;
  return new TransformStream({
    transform(chunk, controller) {
      if ('error' in chunk.data) failed = true;
      const head = chunk.event ? `event: ${chunk.event}\n` : '';
      controller.enqueue(encoder.encode(`${head}data: ${JSON.stringify(chunk.data)}\n\n`));
    },
    flush(controller) {
      if (doneMarker && !failed) controller.enqueue(encoder.encode('data: [DONE]\n\n'));
    },
  });
}
