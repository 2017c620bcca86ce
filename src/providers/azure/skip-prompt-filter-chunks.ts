import type { EventSourceMessage } from '../../streams/decode-sse';

/**
 * Azure opens a stream with a chunk that only reports its prompt content filter: no choices, and
 * an empty id, model and `created: 0`. Left in, it would become the stream's `start` event; the
 * OpenAI translator then takes the id and model from the first real chunk instead.
 */
export function skipPromptFilterChunks(): TransformStream<EventSourceMessage[], EventSourceMessage[]> {
  return new TransformStream({
    transform(messages, controller) {
      // Only chunks naming prompt_filter_results are parsed here; every other one passes untouched.
      const kept = messages.filter((m) => !m.data.includes('"prompt_filter_results"') || !isPromptFilterOnly(m.data));
      if (kept.length > 0) controller.enqueue(kept);
    },
  });
}

function isPromptFilterOnly(data: string): boolean {
  try {
    const chunk = JSON.parse(data) as { id?: unknown; choices?: unknown; usage?: unknown };
    return !chunk.id && Array.isArray(chunk.choices) && chunk.choices.length === 0 && chunk.usage == null;
  } catch {
    return false; // not JSON: the translator reports it
  }
}
