import { describe, expect, it } from 'vitest';
import redactedChunks from '../../../test/fixtures/providers/anthropic/anthropic-redacted-thinking.chunks.txt?raw';
import redactedJson from '../../../test/fixtures/providers/anthropic/anthropic-redacted-thinking.json?raw';
import thinkingChunks from '../../../test/fixtures/providers/anthropic/anthropic-thinking.chunks.txt?raw';
import thinkingJson from '../../../test/fixtures/providers/anthropic/anthropic-thinking.json?raw';
import { ResponseAssembler } from '../../facts/response-assembler';
import { decodeSse } from '../../streams/decode-sse';
import type { ChatMessage, ChatRequest, ReasoningConfig, StreamEvent } from '../../types/chat';
import { chatRequest } from '../chat-request.test-support';
import { trickle, typedSse } from '../recorded-stream.test-support';
import { fromAnthropicChatResponse, toAnthropicChatBody } from './chat';
import { anthropicChatStreamTranslator } from './chat-stream';

const request = (messages: ChatMessage[], reasoning?: ReasoningConfig, params: Record<string, unknown> = {}, model = 'claude-sonnet-4-5'): ChatRequest =>
  chatRequest('anthropic', model, messages, { params, ...(reasoning ? { reasoning } : {}) });
const hi: ChatMessage[] = [{ role: 'user', content: 'Hi' }];

async function translate(wire: string, splitEvery = 23): Promise<StreamEvent[]> {
  const events: StreamEvent[] = [];
  for await (const batch of anthropicChatStreamTranslator('anthropic', 'claude-x')(decodeSse(trickle(wire, splitEvery)))) events.push(...batch);
  return events;
}

describe('reasoning → thinking', () => {
  it.each<[string, ReasoningConfig, Record<string, unknown>, string, Record<string, unknown>]>([
    ['a budget', { budgetTokens: 10_000 }, { max_tokens: 16_000 }, 'claude-sonnet-4-5', { thinking: { type: 'enabled', budget_tokens: 10_000 }, max_tokens: 16_000 }],
    ['a budget under the minimum, raised to 1024', { budgetTokens: 200 }, { max_tokens: 4000 }, 'claude-sonnet-4-5', { thinking: { type: 'enabled', budget_tokens: 1024 }, max_tokens: 4000 }],
    ['a budget without max_tokens: the default answer room on top', { budgetTokens: 2000 }, {}, 'claude-sonnet-4-5', { thinking: { type: 'enabled', budget_tokens: 2000 }, max_tokens: 6096 }],
    ['an effort on a budget-only model, from the table', { effort: 'medium' }, {}, 'claude-sonnet-4-5', { thinking: { type: 'enabled', budget_tokens: 8192 }, max_tokens: 8192 + 4096 }],
    ['an effort whose budget shrinks below max_tokens', { effort: 'high' }, { max_tokens: 5000 }, 'claude-3-7-sonnet-20250219', { thinking: { type: 'enabled', budget_tokens: 4999 }, max_tokens: 5000 }],
    ['an effort on a model with adaptive thinking', { effort: 'high' }, { max_tokens: 5000 }, 'claude-sonnet-4-6', { thinking: { type: 'adaptive' }, output_config: { effort: 'high' }, max_tokens: 5000 }],
    ['xhigh where the model calls it max', { effort: 'xhigh' }, {}, 'claude-opus-4-6', { thinking: { type: 'adaptive' }, output_config: { effort: 'max' }, max_tokens: 4096 }],
    ['xhigh on Opus 4.7', { effort: 'xhigh' }, {}, 'claude-opus-4-7', { thinking: { type: 'adaptive' }, output_config: { effort: 'xhigh' }, max_tokens: 4096 }],
    ['adaptive', { adaptive: true }, { max_tokens: 900 }, 'claude-opus-4-7', { thinking: { type: 'adaptive' }, max_tokens: 900 }],
    ['effort none', { effort: 'none' }, { max_tokens: 900 }, 'claude-sonnet-4-5', { thinking: { type: 'disabled' }, max_tokens: 900 }],
    ['a budget of 0', { budgetTokens: 0 }, { max_tokens: 900 }, 'claude-sonnet-4-5', { thinking: { type: 'disabled' }, max_tokens: 900 }],
  ])('%s', (_, reasoning, params, model, expected) => {
    const body = toAnthropicChatBody(request(hi, reasoning, params, model), false);
    expect({ thinking: body.thinking, max_tokens: body.max_tokens, ...(body.output_config ? { output_config: body.output_config } : {}) }).toEqual(expected);
  });

  it('sends the Anthropic dialect\'s own fields, thinking.display inside thinking', () => {
    const req = { ...request(hi, { adaptive: true }, {}, 'claude-opus-4-7'), anthropic: { thinking: { display: 'omitted' }, context_management: { edits: [] } } };
    const body = toAnthropicChatBody(req, false);
    expect(body.thinking).toEqual({ type: 'adaptive', display: 'omitted' });
    expect(body.context_management).toEqual({ edits: [] });
  });

  it('refuses a budget that cannot fit below max_tokens, and an effort when max_tokens leaves no room', () => {
    expect(() => toAnthropicChatBody(request(hi, { budgetTokens: 4000 }, { max_tokens: 4000 }), false)).toThrow(/below max_tokens/);
    expect(() => toAnthropicChatBody(request(hi, { effort: 'low' }, { max_tokens: 1000 }), false)).toThrow(expect.objectContaining({ status: 400, param: 'max_tokens' }));
  });

  it('sends no thinking when the client asked nothing about reasoning', () => {
    expect(toAnthropicChatBody(request(hi), false)).not.toHaveProperty('thinking');
  });
});

describe('thinking in answers, and back in the next turn', () => {
  it('reads a recorded thinking block into reasoning with its signature, and sends it back first in the next turn', () => {
    const res = fromAnthropicChatResponse('anthropic', 'claude-sonnet-4-5', JSON.parse(thinkingJson));
    const message = res.choices[0]!.message;
    const recorded = JSON.parse(thinkingJson).content[0];
    expect(message.content).toBe('925 ÷ 5 = 185');
    expect(message.reasoning).toEqual([{ text: '925 divided by 5 = 185', signature: recorded.signature, source: 'anthropic' }]);

    const next = toAnthropicChatBody(request([...hi, message, { role: 'user', content: 'And times 2?' }]), false);
    expect((next.messages as unknown[])[1]).toEqual({
      role: 'assistant',
      content: [
        { type: 'thinking', thinking: '925 divided by 5 = 185', signature: recorded.signature },
        { type: 'text', text: '925 ÷ 5 = 185' },
      ],
    });
  });

  it('keeps redacted_thinking in its place, before the text and tool_use blocks', () => {
    const res = fromAnthropicChatResponse('anthropic', 'claude-sonnet-4-5', JSON.parse(redactedJson));
    const message = { ...res.choices[0]!.message, tool_calls: [{ id: 'toolu_1', type: 'function' as const, function: { name: 'f', arguments: '{}' } }] };
    const content = JSON.parse(redactedJson).content;
    expect(message.reasoning).toEqual([
      { text: content[0].thinking, signature: content[0].signature, source: 'anthropic' },
      { text: '', redacted: content[1].data, source: 'anthropic' },
    ]);
    const next = toAnthropicChatBody(request([...hi, message, { role: 'tool', tool_call_id: 'toolu_1', content: 'ok' }]), false);
    expect(((next.messages as { content: { type: string }[] }[])[1]!.content).map((b) => b.type)).toEqual(['thinking', 'redacted_thinking', 'text', 'tool_use']);
    expect((next.messages as { content: unknown[] }[])[1]!.content[1]).toEqual({ type: 'redacted_thinking', data: content[1].data });
  });

  it('leaves out reasoning another provider family minted, and Anthropic thinking that has no signature', () => {
    const next = toAnthropicChatBody(
      request([
        ...hi,
        {
          role: 'assistant',
          content: 'Sure.',
          reasoning: [{ text: 'gemini thought', signature: 'c2ln', source: 'gemini' }, { text: 'plain text reasoning' }, { text: 'cut off', source: 'anthropic' }],
        },
        { role: 'user', content: 'go on' },
      ]),
      false,
    );
    expect((next.messages as unknown[])[1]).toEqual({ role: 'assistant', content: [{ type: 'text', text: 'Sure.' }] });
  });
});

describe.each([1, 9, 4096])('streamed thinking, split every %i bytes', (splitEvery) => {
  it('emits reasoning deltas closed by the signature, then the text, and assembles the same message as the JSON answer', async () => {
    const events = await translate(typedSse(thinkingChunks), splitEvery);
    const signature = thinkingChunks.split('\n').map((l) => (l ? JSON.parse(l) : {})).find((e) => e.delta?.type === 'signature_delta').delta.signature;
    const kinds = events.map((e) => e.type);
    expect(kinds.indexOf('reasoning-end')).toBeLessThan(kinds.indexOf('text-delta'));
    expect(events.filter((e) => e.type === 'reasoning-end')).toEqual([{ type: 'reasoning-end', index: 0, signature, source: 'anthropic' }]);
    const assembler = new ResponseAssembler('anthropic', 'fallback-id');
    for (const e of events) assembler.add(e);
    const message = assembler.response().choices[0]!.message;
    expect(message.reasoning).toEqual([{ text: 'The previous result was 925. Now I need to divide that by 5.\n\n925 ÷ 5 = 185', signature, source: 'anthropic' }]);
    expect(message.content).toBe('925 ÷ 5 = 185');
  });

  it('emits a redacted_thinking block as one closed reasoning part', async () => {
    const events = await translate(typedSse(redactedChunks), splitEvery);
    expect(events.filter((e) => e.type.startsWith('reasoning'))).toEqual([{ type: 'reasoning-end', index: 0, redacted: 'redacted-thinking-data', source: 'anthropic' }]);
    expect(events.at(-1)).toMatchObject({ type: 'finish', finishReason: { unified: 'stop' } });
  });
});
