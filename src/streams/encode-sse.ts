import type { StreamChunk } from '../pipeline/http-types';

const encoder = new TextEncoder();

/**
 * Frames a batch of chunks as SSE (`event:` when set, `data: <json>`) in one write, then OpenAI's
 * `[DONE]` if asked. A stream that ended on an error gets no `[DONE]`: that marker tells clients the
 * answer is complete.
 */
export function encodeSse(doneMarker: boolean): TransformStream<StreamChunk[], Uint8Array> {
  let failed = false;
  return new TransformStream({
    transform(chunks, controller) {
      let text = '';
      for (const chunk of chunks) {
        if ('error' in chunk.data) failed = true;
        if (chunk.event) text += `event: ${chunk.event}\n`;
        text += `data: ${JSON.stringify(chunk.data)}\n\n`;
      }
      if (text) controller.enqueue(encoder.encode(text));
    },
    flush(controller) {
      if (doneMarker && !failed) controller.enqueue(encoder.encode('data: [DONE]\n\n'));
    },
  });
}
