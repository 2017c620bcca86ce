import { describe, expect, it } from 'vitest';
import reasoningChunks from '../../../test/fixtures/providers/bedrock/amazon-bedrock-reasoning.chunks.txt?raw';
import reasoningJson from '../../../test/fixtures/providers/bedrock/amazon-bedrock-reasoning.json?raw';
import { ResponseAssembler } from '../../facts/response-assembler';
import type { ChatMessage, ChatRequest, StreamEvent } from '../../types/chat';
import { trickle } from '../recorded-stream.test-support';
import { chatRequest } from '../chat-request.test-support';
import { jsonAnswer, stubFetch } from '../stub-fetch.test-support';
import type { ProviderCall, ResolvedProvider } from '../types';
import { toConverseBody } from './chat';
import { concatBytes, eventFrame, framesOf } from './event-stream-fixture';
import { bedrockAdapter } from './index';

const CLAUDE = 'us.anthropic.claude-sonnet-4-20250514-v1:0';

function call(deployments: Record<string, string> = {}): ProviderCall {
  const provider = { name: 'bedrock', kind: { adapter: bedrockAdapter }, baseUrl: '', keys: [], timeoutMs: 5000, extraHeaders: {} } as unknown as ResolvedProvider;
  return { provider, key: { name: 'k', value: 'bedrock-api-key', settings: { region: 'us-east-1', deployments } }, requestId: 'req-1', env: {} as Cloudflare.Env };
}

const request = (messages: ChatMessage[], over: Partial<ChatRequest> = {}): ChatRequest => chatRequest('bedrock', CLAUDE, messages, over);

const recordedBlocks = () => JSON.parse(reasoningJson).output.message.content as Record<string, { reasoningText?: { text: string; signature: string } }>[];

describe('Bedrock reasoningContent round trip (recorded)', () => {
  it('reads the signed reasoning block as a Bedrock part and sends it back first in the next turn', async () => {
    stubFetch(jsonAnswer(reasoningJson));
    const res = await bedrockAdapter.chat(request([{ role: 'user', content: 'How many r?' }]), call());
    const [thinking, answer] = recordedBlocks();
    const message = res.choices[0]!.message;
    expect(message.reasoning).toEqual([{ text: thinking!.reasoningContent!.reasoningText!.text, signature: thinking!.reasoningContent!.reasoningText!.signature, source: 'bedrock' }]);
    expect(message.content).toBe((answer as unknown as { text: string }).text);

    const seen = stubFetch(jsonAnswer(reasoningJson));
    await bedrockAdapter.chat(request([{ role: 'user', content: 'How many r?' }, message, { role: 'user', content: 'Sure?' }]), call());
    const body = (await seen[0]!.json()) as { messages: { role: string; content: unknown[] }[] };
    expect(body.messages[1]).toEqual({ role: 'assistant', content: recordedBlocks() });
  });

  it('sends redacted reasoning back as redactedContent; unsigned text and other families stay out', () => {
    const body = toConverseBody(request([
      { role: 'user', content: 'q' },
      {
        role: 'assistant',
        content: 'a',
        reasoning: [
          { text: '', redacted: 'ZW5jcnlwdGVk', source: 'bedrock' },
          { text: 'unsigned' },
          { text: 'gemini', signature: 'g', source: 'gemini' },
        ],
      },
      { role: 'user', content: 'q2' },
    ]));
    expect((body.messages as { content: unknown[] }[])[1]!.content).toEqual([{ reasoningContent: { redactedContent: 'ZW5jcnlwdGVk' } }, { text: 'a' }]);
  });

  it('streams reasoning deltas and closes the part with the signature delta', async () => {
    const frames = framesOf(reasoningChunks);
    stubFetch(() => new Response(trickle(concatBytes(frames), 61), { status: 200, headers: { 'content-type': 'application/vnd.amazon.eventstream' } }));
    const stream = await bedrockAdapter.chatStream(request([{ role: 'user', content: 'How many r?' }], { stream: true }), call());
    const events: StreamEvent[] = [];
    for await (const batch of stream) events.push(...batch);
    const deltas = reasoningChunks.split('\n').filter(Boolean).map((l) => JSON.parse(l).contentBlockDelta?.delta?.reasoningContent).filter(Boolean);
    const text = deltas.map((d) => d.text ?? '').join('');
    const signature = deltas.find((d) => d.signature)!.signature;
    const assembler = new ResponseAssembler('bedrock', 'x');
    for (const e of events) assembler.add(e);
    expect(assembler.response().choices[0]!.message.reasoning).toEqual([{ text, signature, source: 'bedrock' }]);
  });

  it('streams a redacted block as a part of its own', async () => {
    const frames = [
      eventFrame('messageStart', { role: 'assistant' }),
      eventFrame('contentBlockDelta', { contentBlockIndex: 0, delta: { reasoningContent: { redactedContent: 'cGF5bG9hZA==' } } }),
      eventFrame('contentBlockStop', { contentBlockIndex: 0 }),
      eventFrame('contentBlockDelta', { contentBlockIndex: 1, delta: { text: 'ok' } }),
      eventFrame('messageStop', { stopReason: 'end_turn' }),
      eventFrame('metadata', { usage: { inputTokens: 1, outputTokens: 1, totalTokens: 2 } }),
    ];
    stubFetch(() => new Response(concatBytes(frames), { status: 200 }));
    const events: StreamEvent[] = [];
    for await (const batch of await bedrockAdapter.chatStream(request([{ role: 'user', content: 'q' }], { stream: true }), call())) events.push(...batch);
    expect(events.filter((e) => e.type.startsWith('reasoning'))).toEqual([{ type: 'reasoning-end', index: 0, redacted: 'cGF5bG9hZA==', source: 'bedrock' }]);
  });
});

describe('Bedrock reasoning, betas and structured output requests', () => {
  const hi: ChatMessage[] = [{ role: 'user', content: 'hi' }];

  it('Claude: thinking with a budget (room added to maxTokens), anthropic_beta from the client’s betas', () => {
    const body = toConverseBody(request(hi, { reasoning: { effort: 'low' }, betas: ['interleaved-thinking-2025-05-14'], params: { max_tokens: 500 } }));
    expect(body.additionalModelRequestFields).toEqual({ thinking: { type: 'enabled', budget_tokens: 1024 }, anthropic_beta: ['interleaved-thinking-2025-05-14'] });
    expect(body.inferenceConfig).toEqual({ maxTokens: 1524 });
    expect(toConverseBody(request(hi, { reasoning: { effort: 'none' } })).additionalModelRequestFields).toEqual({ thinking: { type: 'disabled' } });
  });

  it('reads the model family through a deployment alias', async () => {
    const seen = stubFetch(jsonAnswer(reasoningJson));
    await bedrockAdapter.chat(request(hi, { model: 'sonnet', reasoning: { budgetTokens: 2000 } }), call({ sonnet: CLAUDE }));
    expect(((await seen[0]!.json()) as Record<string, unknown>).additionalModelRequestFields).toEqual({ thinking: { type: 'enabled', budget_tokens: 2000 } });
  });

  it('gpt-oss and Nova 2 take their own fields; other families and betas for non-Claude models are refused', () => {
    expect(toConverseBody(request(hi, { model: 'openai.gpt-oss-120b-1:0', reasoning: { effort: 'high' } })).additionalModelRequestFields).toEqual({ reasoning_effort: 'high' });
    expect(toConverseBody(request(hi, { model: 'us.amazon.nova-2-lite-v1:0', reasoning: { effort: 'medium' } })).additionalModelRequestFields).toEqual({
      reasoningConfig: { type: 'enabled', maxReasoningEffort: 'medium' },
    });
    expect(() => toConverseBody(request(hi, { model: 'meta.llama3-70b-instruct-v1:0', reasoning: { effort: 'high' } }))).toThrow(expect.objectContaining({ status: 400, message: expect.stringContaining('provider "bedrock"') }));
    expect(() => toConverseBody(request(hi, { model: 'meta.llama3-70b-instruct-v1:0', betas: ['x'] }))).toThrow(expect.objectContaining({ status: 400 }));
  });

  it('top_k reaches Claude as its own field and is refused for other families', () => {
    expect(toConverseBody(request(hi, { params: { top_k: 40 } })).additionalModelRequestFields).toEqual({ top_k: 40 });
    expect(() => toConverseBody(request(hi, { model: 'meta.llama3-70b-instruct-v1:0', params: { top_k: 40 } }))).toThrow(expect.objectContaining({ status: 400, param: 'top_k' }));
  });

  it('json_schema becomes outputConfig.textFormat with the schema as a string; json_object is refused', () => {
    const schema = { type: 'object', properties: { n: { type: 'integer' } }, required: ['n'], additionalProperties: false };
    const body = toConverseBody(request(hi, { params: { response_format: { type: 'json_schema', json_schema: { name: 'count', schema } } } }));
    expect(body.outputConfig).toEqual({ textFormat: { type: 'json_schema', structure: { jsonSchema: { schema: JSON.stringify(schema), name: 'count' } } } });
    expect(() => toConverseBody(request(hi, { params: { response_format: { type: 'json_object' } } }))).toThrow(expect.objectContaining({ status: 400, param: 'response_format' }));
  });
});
