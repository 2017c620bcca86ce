import type { StreamChunk } from '../pipeline/http-types';

const encoder = new TextEncoder();

/** Frames chunks as SSE (`event:` when set, `data: <json>`), then OpenAI's `[DONE]` if asked. */
export function encodeSse(doneMarker: boolean): TransformStream<StreamChunk, Uint8Array> {
  return new TransformStream({
    transform(chunk, controller) {
      const head = chunk.event ? `event: ${chunk.event}\n` : '';
      controller.enqueue(encoder.encode(`${head}data: ${JSON.stringify(chunk.data)}\n\n`));
    },
    flush(controller) {
      if (doneMarker) controller.enqueue(encoder.encode('data: [DONE]\n\n'));
    },
  });
}
