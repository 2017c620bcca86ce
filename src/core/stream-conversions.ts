import { GatewayError } from '../errors/gateway-error';
import type { ChatChoice, ChatResponse, StreamEvent, StreamEventBatches, ToolCall, Usage } from '../types/chat';

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
  const res: ChatResponse = { id: fallbackId, created: Math.floor(Date.now() / 1000), model: '', provider, choices: [] };
  const choices = new Map<number, ChatChoice>();
  const tools = new Map<string, ToolCall>();
  const choice = (index: number): ChatChoice => {
    let c = choices.get(index);
    if (!c) {
      c = { index, message: { role: 'assistant', content: '' }, finishReason: { unified: 'stop', raw: null } };
      choices.set(index, c);
    }
    return c;
  };
  let usage: Usage | undefined;
  for await (const batch of stream) for (const event of batch) {
    switch (event.type) {
      case 'start':
        Object.assign(res, { id: event.id, created: event.created, model: event.model }, event.extraFields && { extraFields: event.extraFields });
        break;
      case 'text-delta':
        choice(event.index).message.content += event.text;
        break;
      case 'tool-call-delta': {
        const c = choice(event.index);
        const key = `${event.index}:${event.toolCallIndex}`;
        let tc = tools.get(key);
        if (!tc) {
          tc = { id: event.id ?? '', type: 'function', function: { name: event.name ?? '', arguments: '' } };
          tools.set(key, tc);
          (c.message.tool_calls ??= []).push(tc);
        }
        tc.function.arguments += event.argumentsDelta;
        break;
      }
      case 'finish':
        choice(event.index).finishReason = event.finishReason;
        usage = event.usage ?? usage;
        break;
      case 'error':
        throw event.error;
    }
  }
  if (choices.size === 0) throw new GatewayError({ status: 502, type: 'upstream_error', message: 'stream ended without any output', retryable: true, provider });
  res.choices = [...choices.values()].sort((a, b) => a.index - b.index);
  if (usage) res.usage = usage;
  return res;
}
