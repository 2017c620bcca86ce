import { GatewayError } from '../errors/gateway-error';
import { ResponseAssembler } from '../facts/response-assembler';
import type { ChatResponse, StreamEvent, StreamEventBatches } from '../types/chat';

/** A whole response as a stream (one batch), for a streaming client served by a non-streaming source. */
export function responseToStream(res: ChatResponse): StreamEventBatches {
  const events: StreamEvent[] = [{ type: 'start', id: res.id, created: res.created, model: res.model, ...(res.extraFields ? { extraFields: res.extraFields } : {}) }];
  for (const c of res.choices) {
    const text = typeof c.message.content === 'string' ? c.message.content : '';
    if (text) events.push({ type: 'text-delta', index: c.index, text });
    c.message.tool_calls?.forEach((tc, i) =>
      events.push({ type: 'tool-call-delta', index: c.index, toolCallIndex: i, id: tc.id, name: tc.function.name, argumentsDelta: tc.function.arguments }),
    );
    events.push({ type: 'finish', index: c.index, finishReason: c.finishReason, ...(res.usage ? { usage: res.usage } : {}) });
  }
  return oneBatch(events);
}

/** Events known up front as a stream of one batch: one write to the client. */
export function oneBatch(events: readonly StreamEvent[]): StreamEventBatches {
  return new ReadableStream({
    start(controller) {
      controller.enqueue([...events]);
      controller.close();
    },
  });
}

/** A plugin's short-circuit stream (one event at a time, the public shape) as internal batches. */
export function batchEach(stream: ReadableStream<StreamEvent>): StreamEventBatches {
  return stream.pipeThrough(new TransformStream<StreamEvent, StreamEvent[]>({ transform: (event, c) => c.enqueue([event]) }));
}

/** A stream assembled into one response, for a non-streaming client served by a stream. */
export async function streamToResponse(stream: StreamEventBatches, provider: string, fallbackId: string): Promise<ChatResponse> {
  const assembler = new ResponseAssembler(provider, fallbackId);
  for await (const batch of stream) {
    for (const event of batch) {
      if (event.type === 'error') throw event.error;
      assembler.add(event);
    }
  }
  if (!assembler.hasOutput) throw new GatewayError({ status: 502, type: 'upstream_error', message: 'stream ended without any output', retryable: true, provider });
  return assembler.response();
}
