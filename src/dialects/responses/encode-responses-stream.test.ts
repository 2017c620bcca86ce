import { accumulateResponse } from 'openai/lib/responses/ResponseAccumulator';
import type { ResponseStreamEvent } from 'openai/resources/responses/responses';
import { describe, expect, it } from 'vitest';
import azureChunks from '../../../../shared/fixtures/providers/azure-responses/azure-text.1.chunks.txt?raw';
import { GatewayError } from '../../errors/gateway-error';
import type { StreamChunk } from '../../pipeline/http-types';
import type { ChatMessage, StreamEvent } from '../../types/chat';
import { encodeResponsesStream } from './encode-responses-stream';
import type { ResponseShell } from './response-object';

const shell = (over: Partial<ResponseShell> = {}): ResponseShell => ({
  id: 'resp_0123456789abcdef',
  createdAt: 1770803606,
  model: 'gpt-5.1',
  echo: { store: true, tools: [] },
  includeEncrypted: false,
  namespaces: {},
  ...over,
});
const opts = { fallbackId: 'x', model: 'gpt-5.1', includeUsage: true, extraFields: () => ({ provider: 'openai', fallback_index: 0, cost: 0.001 }) };
const usage = { prompt_tokens: 11, completion_tokens: 11, total_tokens: 22, completion_tokens_details: { reasoning_tokens: 4 } };

async function encode(events: StreamEvent[], s = shell()): Promise<{ chunks: StreamChunk[]; stored: ChatMessage[] }> {
  const stored: ChatMessage[] = [];
  const out = encodeResponsesStream(s, opts, async (answer) => {
    stored.push(answer);
    return true;
  })(
    new ReadableStream<StreamEvent[]>({
      start(c) {
        c.enqueue(events);
        c.close();
      },
    }),
  );
  const chunks: StreamChunk[] = [];
  for await (const batch of out) chunks.push(...batch);
  return { chunks, stored };
}

const types = (chunks: StreamChunk[]) => chunks.map((c) => c.data.type);
const start: StreamEvent = { type: 'start', id: 'chatcmpl-1', created: 1, model: 'gpt-5.1' };

describe('the Responses event stream', () => {
  it("replays the recorded Azure text stream's sequence: same events, same fields, numbered from 0", async () => {
    const recorded = azureChunks.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
    const { chunks } = await encode([start, { type: 'text-delta', index: 0, text: 'Hello' }, { type: 'finish', index: 0, finishReason: { unified: 'stop', raw: 'stop' }, usage }]);
    expect(types(chunks)).toEqual(recorded.map((e) => e.type));
    chunks.forEach((c, i) => {
      expect(c.event).toBe(c.data.type);
      expect(c.data.sequence_number).toBe(i);
      // Every field the recording has (but Azure's stream padding and content filters) is there.
      for (const key of Object.keys(recorded[i]!)) if (key !== 'obfuscation') expect(c.data).toHaveProperty(key);
    });
    const done = chunks.at(-1)!.data.response as Record<string, unknown>;
    expect(done).toMatchObject({ id: 'resp_0123456789abcdef', object: 'response', status: 'completed', model: 'gpt-5.1', extra_fields: { cost: 0.001 } });
    const item = (done.output as Record<string, unknown>[])[0]!;
    expect(item).toMatchObject({ type: 'message', status: 'completed', role: 'assistant', content: [{ type: 'output_text', annotations: [], logprobs: [], text: 'Hello' }] });
    expect(Object.keys(item).sort()).toEqual(Object.keys(recorded[7]!.item as object).sort());
    expect(done.usage).toEqual({ input_tokens: 11, input_tokens_details: { cached_tokens: 0 }, output_tokens: 11, output_tokens_details: { reasoning_tokens: 4 }, total_tokens: 22 });
  });

  // The sequence OpenAI sent for a streamed function call (gpt-4o, recorded in CtwoC/agent_kit
  // client/output_style/openai_output.md): the item added with empty arguments, argument deltas,
  // the arguments done, the item done, then response.completed.
  it('streams a function call as OpenAI does', async () => {
    const { chunks, stored } = await encode([
      start,
      { type: 'tool-call-delta', index: 0, toolCallIndex: 0, id: 'call_0wva', name: 'get_weather', argumentsDelta: '' },
      { type: 'tool-call-delta', index: 0, toolCallIndex: 0, argumentsDelta: '{"location":' },
      { type: 'tool-call-delta', index: 0, toolCallIndex: 0, argumentsDelta: '"Shanghai"}' },
      { type: 'finish', index: 0, finishReason: { unified: 'tool_calls', raw: 'tool_calls' }, usage },
    ]);
    expect(types(chunks)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(chunks[2]!.data.item).toMatchObject({ type: 'function_call', status: 'in_progress', arguments: '', call_id: 'call_0wva', name: 'get_weather' });
    expect(chunks[5]!.data).toMatchObject({ arguments: '{"location":"Shanghai"}', output_index: 0 });
    expect(chunks[6]!.data.item).toMatchObject({ type: 'function_call', status: 'completed', arguments: '{"location":"Shanghai"}' });
    expect(String((chunks[6]!.data.item as { id: string }).id)).toMatch(/^fc_/);
    expect(stored[0]!.tool_calls).toEqual([{ id: 'call_0wva', type: 'function', function: { name: 'get_weather', arguments: '{"location":"Shanghai"}' } }]);
  });

  it('streams reasoning as a reasoning item with a summary part, then the text; the openai SDK accumulates it', async () => {
    const { chunks, stored } = await encode(
      [
        start,
        { type: 'reasoning-delta', index: 0, text: 'Think' },
        { type: 'reasoning-delta', index: 0, text: 'ing.' },
        { type: 'reasoning-end', index: 0, signature: 'sig', source: 'anthropic' },
        { type: 'reasoning-end', index: 0, redacted: 'opaque', source: 'anthropic' },
        { type: 'text-delta', index: 0, text: 'Answer' },
        { type: 'finish', index: 0, finishReason: { unified: 'stop', raw: 'end_turn' }, usage },
      ],
      shell({ includeEncrypted: true }),
    );
    expect(types(chunks).slice(0, 12)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.reasoning_summary_part.added',
      'response.reasoning_summary_text.delta',
      'response.reasoning_summary_text.delta',
      'response.reasoning_summary_text.done',
      'response.reasoning_summary_part.done',
      'response.output_item.done',
      'response.output_item.added',
      'response.output_item.done',
      'response.output_item.added',
    ]);
    let snapshot: ReturnType<typeof accumulateResponse> | undefined;
    for (const c of chunks) snapshot = accumulateResponse(c.data as unknown as ResponseStreamEvent, snapshot);
    expect(snapshot!.output_text).toBe('Answer');
    const [thought, redacted, message] = snapshot!.output as unknown as Record<string, unknown>[];
    expect(thought).toMatchObject({ type: 'reasoning', summary: [{ type: 'summary_text', text: 'Thinking.' }] });
    expect(String(thought!.encrypted_content)).toMatch(/^heimdall\.reasoning\.v1\./);
    expect(redacted).toMatchObject({ type: 'reasoning', summary: [] });
    expect(message).toMatchObject({ type: 'message' });
    expect(stored[0]).toEqual({
      role: 'assistant',
      content: 'Answer',
      reasoning: [
        { text: 'Thinking.', signature: 'sig', source: 'anthropic' },
        { text: '', redacted: 'opaque', source: 'anthropic' },
      ],
    });
  });

  it('leaves encrypted_content out unless include asked for it', async () => {
    const { chunks } = await encode([start, { type: 'reasoning-delta', index: 0, text: 'x' }, { type: 'reasoning-end', index: 0, redacted: 'enc', source: 'openai' }, { type: 'finish', index: 0, finishReason: { unified: 'stop', raw: 'stop' } }]);
    expect(chunks.find((c) => c.data.type === 'response.output_item.done')!.data.item).not.toHaveProperty('encrypted_content');
  });

  it('ends a cut-off answer as response.incomplete (max_output_tokens)', async () => {
    const { chunks } = await encode([start, { type: 'text-delta', index: 0, text: 'Hel' }, { type: 'finish', index: 0, finishReason: { unified: 'length', raw: 'length' } }]);
    expect(chunks.at(-1)!.data).toMatchObject({ type: 'response.incomplete', response: { status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } } });
  });

  it('ends on response.failed when an error comes mid-stream, with nothing after it', async () => {
    const error = new GatewayError({ status: 502, type: 'upstream_error', code: 'upstream_error', message: 'upstream died' });
    const { chunks, stored } = await encode([start, { type: 'text-delta', index: 0, text: 'Hel' }, { type: 'error', error }, { type: 'text-delta', index: 0, text: 'lo' }]);
    expect(chunks.at(-1)!.data).toMatchObject({ type: 'response.failed', response: { status: 'failed', error: { code: 'upstream_error', message: 'upstream died' } } });
    expect(types(chunks).filter((t) => t === 'response.output_text.delta')).toHaveLength(1);
    expect(stored).toEqual([]);
  });
});
