// Test support, not a test file (vitest collects only `*.test.ts`): recorded upstream payloads as
// the byte streams the decoders read.

/** `wire` as a body read `every` bytes at a time, as from a real socket: events and frames straddle reads. */
export function trickle(wire: string | Uint8Array, every: number): ReadableStream<Uint8Array> {
  const bytes = typeof wire === 'string' ? new TextEncoder().encode(wire) : wire;
  let offset = 0;
  return new ReadableStream({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(offset, (offset += every)));
    },
  });
}

/** Recorded OpenAI chat chunks (one JSON a line) as OpenAI's SSE, `[DONE]` last. */
export function openAISse(lines: string): string {
  return lines.split('\n').filter(Boolean).map((l) => `data: ${l}\n\n`).join('') + 'data: [DONE]\n\n';
}

/** Recorded events (one JSON a line) as SSE named by their `type`, as Anthropic and Cohere send them. */
export function typedSse(lines: string): string {
  return lines
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => `event: ${(JSON.parse(l) as { type: string }).type}\ndata: ${l}\n\n`)
    .join('');
}
