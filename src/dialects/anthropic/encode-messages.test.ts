import { describe, expect, it } from 'vitest';
import type { StreamChunk } from '../../pipeline/http-types';
import { toAnthropicChatBody } from '../../providers/anthropic/chat';
import type { ChatResponse, StreamEvent } from '../../types/chat';
import { WrittenChunk } from '../../streams/chunk-json';
import { encodeMessagesResponse } from './encode-messages-response';
import { encodeMessagesStream } from './encode-messages-stream';
import { parseMessagesRequest } from './messages-request';

const response = (message: ChatResponse['choices'][number]['message'], usage?: ChatResponse['usage']): ChatResponse => ({
  kind: 'chat',
  id: 'msg_1',
  created: 0,
  model: 'm',
  provider: 'p',
  choices: [{ index: 0, message, finishReason: { unified: 'stop', raw: 'stop' } }],
  ...(usage ? { usage } : {}),
});

async function encodeStream(events: StreamEvent[]): Promise<StreamChunk[]> {
  const chunks: StreamChunk[] = [];
  const source = new ReadableStream<StreamEvent[]>({ start: (c) => (c.enqueue(events), c.close()) });
  for await (const batch of encodeMessagesStream({ fallbackId: 'x', model: 'm', includeUsage: true, extraFields: () => ({}) })(source)) chunks.push(...batch);
  return chunks;
}
const data = (chunks: StreamChunk[]) => chunks.map((c) => c.data as Record<string, unknown>);

describe('reasoning for an Anthropic client', () => {
  it('puts thinking blocks first; another family\'s text gets an empty signature, its opaque-only parts are left out', () => {
    const body = encodeMessagesResponse(
      response({
        role: 'assistant',
        content: 'Answer',
        reasoning: [
          { text: 'signed', signature: 'sig', source: 'anthropic' },
          { text: '', redacted: 'enc', source: 'anthropic' },
          { text: 'deepseek reasoning' },
          { text: 'gemini thought', signature: 'gsig', source: 'gemini' },
          { text: '', redacted: 'openai-encrypted', source: 'openai' },
        ],
      }),
      {},
    ) as { content: unknown[] };
    expect(body.content).toEqual([
      { type: 'thinking', thinking: 'signed', signature: 'sig' },
      { type: 'redacted_thinking', data: 'enc' },
      { type: 'thinking', thinking: 'deepseek reasoning', signature: '' },
      { type: 'thinking', thinking: 'gemini thought', signature: '' },
      { type: 'text', text: 'Answer' },
    ]);
  });

  it('reads those blocks back: signed ones as Anthropic reasoning, empty signatures as text only', () => {
    const req = parseMessagesRequest(
      {
        model: 'anthropic/claude-sonnet-4-5',
        max_tokens: 10,
        messages: [
          { role: 'user', content: 'q' },
          { role: 'assistant', content: [{ type: 'thinking', thinking: 'signed', signature: 'sig' }, { type: 'redacted_thinking', data: 'enc' }, { type: 'thinking', thinking: 'plain', signature: '' }, { type: 'text', text: 'a' }] },
        ],
      },
      new Set(['anthropic']),
    );
    expect(req.messages[1]!.reasoning).toEqual([{ text: 'signed', signature: 'sig', source: 'anthropic' }, { text: '', redacted: 'enc', source: 'anthropic' }, { text: 'plain' }]);
  });

  it('streams thinking blocks closed by signature_delta, redacted_thinking whole, then text', async () => {
    const chunks = await encodeStream([
      { type: 'start', id: 'msg_1', created: 0, model: 'm' },
      { type: 'reasoning-delta', index: 0, text: 'Let me ' },
      { type: 'reasoning-delta', index: 0, text: 'think.' },
      { type: 'reasoning-end', index: 0, signature: 'sig', source: 'anthropic' },
      { type: 'reasoning-end', index: 0, redacted: 'enc', source: 'anthropic' },
      { type: 'reasoning-delta', index: 0, text: 'unsigned' },
      { type: 'text-delta', index: 0, text: 'Answer' },
      { type: 'finish', index: 0, finishReason: { unified: 'stop', raw: 'end_turn' }, usage: { prompt_tokens: 100, completion_tokens: 5, total_tokens: 105, cache_read_input_tokens: 80, cache_creation_input_tokens: 15 } },
    ]);
    expect(data(chunks).slice(1, -2)).toEqual([
      { type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '', signature: '' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'Let me ' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'think.' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'signature_delta', signature: 'sig' } },
      { type: 'content_block_stop', index: 0 },
      { type: 'content_block_start', index: 1, content_block: { type: 'redacted_thinking', data: 'enc' } },
      { type: 'content_block_stop', index: 1 },
      { type: 'content_block_start', index: 2, content_block: { type: 'thinking', thinking: '', signature: '' } },
      { type: 'content_block_delta', index: 2, delta: { type: 'thinking_delta', thinking: 'unsigned' } },
      { type: 'content_block_stop', index: 2 },
      { type: 'content_block_start', index: 3, content_block: { type: 'text', text: '' } },
      { type: 'content_block_delta', index: 3, delta: { type: 'text_delta', text: 'Answer' } },
      { type: 'content_block_stop', index: 3 },
    ]);
    expect(data(chunks).at(-2)).toMatchObject({ type: 'message_delta', usage: { input_tokens: 5, output_tokens: 5, cache_read_input_tokens: 80, cache_creation_input_tokens: 15 } });
  });
});

describe('usage for an Anthropic client', () => {
  it('reads OpenAI\'s cached_tokens as cache reads, outside input_tokens', () => {
    const body = encodeMessagesResponse(response({ role: 'assistant', content: 'x' }, { prompt_tokens: 1000, completion_tokens: 10, total_tokens: 1010, prompt_tokens_details: { cached_tokens: 768 } }), {}) as { usage: unknown };
    expect(body.usage).toEqual({ input_tokens: 232, output_tokens: 10, cache_read_input_tokens: 768 });
  });

  it('says nothing of caching when the provider did not', () => {
    const body = encodeMessagesResponse(response({ role: 'assistant', content: 'x' }, { prompt_tokens: 12, completion_tokens: 3, total_tokens: 15 }), {}) as { usage: unknown };
    expect(body.usage).toEqual({ input_tokens: 12, output_tokens: 3 });
  });

  it('keeps a forced answer tool\'s finish as end_turn, an Anthropic word it agrees with as is', () => {
    const finish = (raw: string, unified: 'stop' | 'tool_calls') => (encodeMessagesResponse({ ...response({ role: 'assistant', content: '{}' }), choices: [{ index: 0, message: { role: 'assistant', content: '{}' }, finishReason: { unified, raw } }] }, {}) as { stop_reason: string }).stop_reason;
    expect(finish('tool_use', 'stop')).toBe('end_turn');
    expect(finish('stop_sequence', 'stop')).toBe('stop_sequence');
    expect(finish('tool_use', 'tool_calls')).toBe('tool_use');
  });
});

describe('what the dialect reads', () => {
  const read = (extra: Record<string, unknown>, headers: Record<string, string> = {}) =>
    parseMessagesRequest({ model: 'anthropic/claude-opus-4-7', max_tokens: 100, messages: [{ role: 'user', content: 'q' }], ...extra }, new Set(['anthropic']), headers);

  it.each<[string, Record<string, unknown>, unknown]>([
    ['enabled thinking', { thinking: { type: 'enabled', budget_tokens: 2048 } }, { budgetTokens: 2048 }],
    ['adaptive thinking with an effort', { thinking: { type: 'adaptive' }, output_config: { effort: 'low' } }, { adaptive: true, effort: 'low' }],
    ['effort max, the strongest canonical level', { output_config: { effort: 'max' } }, { effort: 'xhigh' }],
    ['disabled thinking', { thinking: { type: 'disabled' } }, { effort: 'none' }],
  ])('reads %s as reasoning', (_, extra, reasoning) => {
    expect(read(extra).reasoning).toEqual(reasoning);
  });

  it('reads output_config.format and the beta output_format as a json_schema response_format', () => {
    const schema = { type: 'object', properties: { a: { type: 'string' } }, required: ['a'], additionalProperties: false };
    const expected = { type: 'json_schema', json_schema: { name: 'response', schema, strict: true } };
    expect(read({ output_config: { format: { type: 'json_schema', schema } } }).params.response_format).toEqual(expected);
    expect(read({ output_format: { type: 'json_schema', schema } }).params.response_format).toEqual(expected);
  });

  it('keeps Anthropic\'s ways of running a request apart from params, and reads the anthropic-beta header as betas', () => {
    const req = read(
      { top_k: 3, service_tier: 'auto', container: 'c1', mcp_servers: [{ type: 'url', url: 'https://m.example', name: 'm' }], context_management: { edits: [] }, thinking: { type: 'adaptive', display: 'omitted' } },
      { 'anthropic-beta': 'mcp-client-2025-04-04, context-management-2025-06-27' },
    );
    // What gives the model something only Anthropic hosts stays a parameter another provider refuses by name.
    expect(req.params).toEqual({ max_tokens: 100, top_k: 3, container: 'c1', mcp_servers: [{ type: 'url', url: 'https://m.example', name: 'm' }] });
    expect(req.anthropic).toEqual({ service_tier: 'auto', context_management: { edits: [] }, thinking: { display: 'omitted' } });
    expect(req.betas).toEqual(['mcp-client-2025-04-04', 'context-management-2025-06-27']);
  });

  it('refuses a thinking type Anthropic does not have, naming the field', () => {
    expect(() => read({ thinking: { type: 'sometimes' } })).toThrow(expect.objectContaining({ status: 400, param: 'thinking.type' }));
  });
});

describe('tool results', () => {
  it('keeps a screenshot in a tool result, and the Anthropic provider sends it back as an image block', () => {
    const req = parseMessagesRequest(
      {
        model: 'anthropic/claude-sonnet-4-5',
        max_tokens: 10,
        messages: [
          { role: 'user', content: 'Screenshot?' },
          { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'screenshot', input: {} }] },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't1', content: [{ type: 'text', text: 'here' }, { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } }] }] },
        ],
      },
      new Set(['anthropic']),
    );
    expect(req.messages[2]).toEqual({ role: 'tool', tool_call_id: 't1', content: [{ type: 'text', text: 'here' }, { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } }] });
    const sent = toAnthropicChatBody(req, false).messages as { content: unknown[] }[];
    expect(sent[2]!.content).toEqual([{ type: 'tool_result', tool_use_id: 't1', content: [{ type: 'text', text: 'here' }, { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } }] }]);
  });
});

describe('encodeMessagesStream text deltas', () => {
  it("writes each event's JSON as JSON.stringify writes its data, under its event name", async () => {
    const odd = 'quote " backslash \\ newline \n tab \t nul \0 emoji 😀 lone \ud800 </script>';
    const chunks = await encodeStream([
      { type: 'start', id: 'msg_"x"', created: 1, model: 'claude\u2028' },
      { type: 'text-delta', index: 0, text: 'Hello' },
      { type: 'text-delta', index: 0, text: odd },
      { type: 'finish', index: 0, finishReason: { unified: 'stop', raw: 'end_turn' } },
    ]);
    for (const chunk of chunks) expect(WrittenChunk.json(chunk)).toBe(JSON.stringify(chunk.data));
    const deltas = chunks.filter((c) => c.event === 'content_block_delta');
    expect(deltas.map((c) => JSON.parse(WrittenChunk.json(c)))).toEqual([
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'Hello' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: odd } },
    ]);
    expect(chunks.map((c) => c.event)).toEqual(['message_start', 'content_block_start', 'content_block_delta', 'content_block_delta', 'content_block_stop', 'message_delta', 'message_stop']);
  });
});
