import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import openaiText from '../../shared/fixtures/providers/openai/openai-text.json';
import anthropicThinking from './fixtures/providers/anthropic/anthropic-thinking.json';
import { bundledPlugins } from '../plugins';
import { testGateway, upstreamRecord } from './support/gateway';

// The official openai client's Responses API (`client.responses.*`, v6) against the Worker, every
// answer from the mock upstream in the providers' wire formats (OpenAI chat completions, Anthropic
// Messages): Heimdall translates /v1/responses onto the canonical chat pipeline.

const gw = testGateway({ storage: true });
const clientOf = (g: { fetch: (r: Request) => Promise<Response> }, headers: Record<string, string> = {}) =>
  new OpenAI({
    apiKey: 'unused-by-the-gateway',
    baseURL: 'http://gateway.test/v1',
    fetch: (url, init) => g.fetch(new Request(url, init)),
    maxRetries: 0,
    defaultHeaders: headers,
  });
const client = clientOf(gw);
const FIXTURE_TEXT = openaiText.choices[0]!.message.content;
const THINKING_SIGNATURE = (anthropicThinking.content as { type: string; signature?: string }[]).find((b) => b.type === 'thinking')!.signature;
const WEATHER = { type: 'function' as const, name: 'get_weather', description: 'Weather for a city', parameters: { type: 'object', properties: { location: { type: 'string' } }, required: ['location'] }, strict: false };

describe('the openai client on /v1/responses', () => {
  it('creates a response (JSON): output items, output_text, usage and the echoed settings', async () => {
    const res = await client.responses.create({ model: 'openai/gpt-4.1-nano', input: 'Invent a holiday.', instructions: 'Be brief.', max_output_tokens: 300, metadata: { run: 'r1' }, user: 'resp-json' });
    expect(res.object).toBe('response');
    expect(res.id).toMatch(/^resp_/);
    expect(res.status).toBe('completed');
    expect(res.output_text).toBe(FIXTURE_TEXT);
    expect(res.output[0]).toMatchObject({ type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: FIXTURE_TEXT, annotations: [] }] });
    expect(res.usage).toEqual({
      input_tokens: openaiText.usage.prompt_tokens,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens: openaiText.usage.completion_tokens,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: openaiText.usage.total_tokens,
    });
    expect(res).toMatchObject({ instructions: 'Be brief.', max_output_tokens: 300, metadata: { run: 'r1' }, store: true, previous_response_id: null });
    expect((res as unknown as { extra_fields: Record<string, unknown> }).extra_fields).toMatchObject({ provider: 'openai', fallback_index: 0 });
    // Upstream, a chat completion: instructions as the system message, max_output_tokens as max_tokens.
    const sent = (await upstreamRecord('resp-json')).body;
    expect(sent.messages).toEqual([{ role: 'system', content: 'Be brief.' }, { role: 'user', content: 'Invent a holiday.' }]);
    expect(sent.max_tokens).toBe(300);
    // OpenAI's chat completions refuse metadata without their own store; it annotates the response object.
    expect(sent).not.toHaveProperty('metadata');
  });

  it('streams: the event sequence with sequence numbers, and response.completed with usage', async () => {
    const stream = await client.responses.create({ model: 'openai/gpt-4.1-nano', input: 'Invent a holiday.', stream: true });
    const types: string[] = [];
    const seqs: number[] = [];
    let text = '';
    let completed: OpenAI.Responses.Response | undefined;
    for await (const event of stream) {
      types.push(event.type);
      seqs.push(event.sequence_number);
      if (event.type === 'response.output_text.delta') text += event.delta;
      if (event.type === 'response.completed') completed = event.response;
    }
    expect(seqs).toEqual(seqs.map((_, i) => i));
    expect(types.slice(0, 4)).toEqual(['response.created', 'response.in_progress', 'response.output_item.added', 'response.content_part.added']);
    expect(types.slice(-4)).toEqual(['response.output_text.done', 'response.content_part.done', 'response.output_item.done', 'response.completed']);
    expect(text.length).toBeGreaterThan(0);
    expect(completed!.output_text ?? completed!.output.flatMap((o) => (o.type === 'message' ? o.content : [])).map((c) => (c.type === 'output_text' ? c.text : '')).join('')).toBe(text);
    expect(completed!.usage?.total_tokens).toBeGreaterThan(0);
  });

  it('ends a stream that fails upstream mid-way with response.failed', async () => {
    const stream = await client.responses.create({ model: 'openai/stream-error-mid', input: 'Invent a holiday.', stream: true });
    const events: OpenAI.Responses.ResponseStreamEvent[] = [];
    for await (const event of stream) events.push(event);
    const last = events.at(-1)!;
    expect(last.type).toBe('response.failed');
    expect((last as OpenAI.Responses.ResponseFailedEvent).response.error?.message).toMatch(/upstream died/);
    expect(events.some((e) => e.type === 'response.output_text.delta')).toBe(true);
  });

  it('falls back as chat does: a failing primary, answered by the fallback the body names', async () => {
    const res = await gw.fetch('/v1/responses', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'openai/fail-500', fallbacks: ['openai/gpt-4.1-nano'], input: 'Invent a holiday.' }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-bf-fallback-index')).toBe('1');
    expect(await res.json()).toMatchObject({ status: 'completed', extra_fields: { fallback_index: 1 } });
  });

  it('runs the client.responses.stream helper to a final response with output_text', async () => {
    const stream = client.responses.stream({ model: 'openai/gpt-4.1-nano', input: 'Invent a holiday.' });
    let deltas = '';
    stream.on('response.output_text.delta', (e) => (deltas += e.delta));
    const final = await stream.finalResponse();
    expect(final.status).toBe('completed');
    expect(final.output_text).toBe(deltas);
  });

  it('completes a function tool round trip with function_call_output', async () => {
    const first = await client.responses.create({ model: 'openai/tool-call', input: 'Weather in Shanghai?', tools: [WEATHER], user: 'resp-tools' });
    const call = first.output.find((o): o is OpenAI.Responses.ResponseFunctionToolCall => o.type === 'function_call')!;
    expect(call).toMatchObject({ type: 'function_call', name: 'get_weather', call_id: 'call_qOfTGgDrItLORNfC6VwUbyLL', arguments: '{"location":"Shanghai"}' });
    expect(call.id).toMatch(/^fc_/);
    // The chat upstream got the flat Responses tool as a chat tool.
    expect((await upstreamRecord('resp-tools')).body.tools).toEqual([{ type: 'function', function: { name: 'get_weather', description: 'Weather for a city', parameters: WEATHER.parameters, strict: false } }]);

    const second = await client.responses.create({
      model: 'openai/tool-call',
      tools: [WEATHER],
      store: false,
      user: 'resp-tools',
      input: [{ role: 'user', content: 'Weather in Shanghai?' }, call, { type: 'function_call_output', call_id: call.call_id, output: '{"temp":21}' }],
    });
    expect(second.output_text).toBe(FIXTURE_TEXT);
    expect((second as unknown as { store: boolean }).store).toBe(false);
    expect((await upstreamRecord('resp-tools')).body.messages).toEqual([
      { role: 'user', content: 'Weather in Shanghai?' },
      { role: 'assistant', content: null, tool_calls: [{ id: call.call_id, type: 'function', function: { name: 'get_weather', arguments: call.arguments } }] },
      { role: 'tool', tool_call_id: call.call_id, content: '{"temp":21}' },
    ]);
  });

  it('continues a stored response with previous_response_id (its conversation first, instructions not carried over)', async () => {
    const first = await client.responses.create({ model: 'openai/tool-call', instructions: 'Use tools.', input: 'Weather in Shanghai?', tools: [WEATHER] });
    const call = first.output.find((o): o is OpenAI.Responses.ResponseFunctionToolCall => o.type === 'function_call')!;
    const next = await client.responses.create({
      model: 'openai/tool-call',
      previous_response_id: first.id,
      tools: [WEATHER],
      user: 'resp-continue',
      input: [{ type: 'function_call_output', call_id: call.call_id, output: 'sunny' }],
    });
    expect(next.previous_response_id).toBe(first.id);
    expect(next.output_text).toBe(FIXTURE_TEXT);
    expect((await upstreamRecord('resp-continue')).body.messages).toEqual([
      { role: 'user', content: 'Weather in Shanghai?' },
      { role: 'assistant', content: null, tool_calls: [{ id: call.call_id, type: 'function', function: { name: 'get_weather', arguments: call.arguments } }] },
      { role: 'tool', tool_call_id: call.call_id, content: 'sunny' },
    ]);
  });

  it('continues a streamed response at once: the stored row is written before response.completed', async () => {
    const stream = client.responses.stream({ model: 'openai/gpt-4.1-nano', input: 'Invent a holiday.' });
    const first = await stream.finalResponse();
    const next = await client.responses.create({ model: 'openai/gpt-4.1-nano', previous_response_id: first.id, input: 'Shorter, please.', user: 'resp-stream-continue' });
    expect(next.status).toBe('completed');
    const sent = (await upstreamRecord('resp-stream-continue')).body.messages as { role: string; content: string }[];
    expect(sent.map((m) => m.role)).toEqual(['user', 'assistant', 'user']);
    expect(sent[1]!.content).toBe(first.output_text);
  });

  it('answers 404 previous_response_not_found for an unknown id, and for one store: false did not keep', async () => {
    const unknown = await client.responses.create({ model: 'openai/gpt-4.1-nano', previous_response_id: 'resp_nope', input: 'hi' }).catch((e: unknown) => e);
    expect(unknown).toBeInstanceOf(OpenAI.NotFoundError);
    expect((unknown as InstanceType<typeof OpenAI.NotFoundError>).code).toBe('previous_response_not_found');
    const unstored = await client.responses.create({ model: 'openai/gpt-4.1-nano', input: 'hi', store: false });
    const err = await client.responses.create({ model: 'openai/gpt-4.1-nano', previous_response_id: unstored.id, input: 'again' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.NotFoundError);
  });

  it('retrieves and deletes a stored response', async () => {
    const created = await client.responses.create({ model: 'openai/gpt-4.1-nano', input: 'Invent a holiday.' });
    const got = await client.responses.retrieve(created.id);
    expect(got.id).toBe(created.id);
    expect(got.output_text).toBe(FIXTURE_TEXT);
    await client.responses.delete(created.id);
    expect(await client.responses.retrieve(created.id).catch((e: unknown) => e)).toBeInstanceOf(OpenAI.NotFoundError);
    expect(await client.responses.delete(created.id).catch((e: unknown) => e)).toBeInstanceOf(OpenAI.NotFoundError);
  });

  it('serves a stored response only within client.responses_retention', async () => {
    const brief = clientOf(testGateway({ storage: true, client: { responses_retention: 1 } }));
    const created = await brief.responses.create({ model: 'openai/gpt-4.1-nano', input: 'Invent a holiday.' });
    expect((await brief.responses.retrieve(created.id)).id).toBe(created.id);
    await new Promise((ok) => setTimeout(ok, 1100));
    expect(await brief.responses.retrieve(created.id).catch((e: unknown) => e)).toBeInstanceOf(OpenAI.NotFoundError);
    const err = await brief.responses.create({ model: 'openai/gpt-4.1-nano', previous_response_id: created.id, input: 'more' }).catch((e: unknown) => e);
    expect((err as InstanceType<typeof OpenAI.NotFoundError>).code).toBe('previous_response_not_found');
  });

  it('counts input tokens with client.responses.inputTokens.count (an estimate flagged as one, or the provider counter)', async () => {
    const estimate = await client.responses.inputTokens.count({ model: 'openai/gpt-4.1-nano', input: 'Invent a new holiday and describe its traditions.', tools: [WEATHER] });
    expect(estimate.object).toBe('response.input_tokens');
    expect(estimate.input_tokens).toBeGreaterThan(0);
    expect((estimate as unknown as { extra_fields: { estimated: boolean } }).extra_fields.estimated).toBe(true);
    // Anthropic counts with its own counter, given the body chat would send (instructions as system).
    const counted = await client.responses.inputTokens.count({ model: 'anthropic/claude-sonnet-4-5', instructions: 'Be brief.', input: 'Invent a holiday.' });
    expect(counted).toMatchObject({ object: 'response.input_tokens', extra_fields: { estimated: false } });
    expect(counted.input_tokens).toBeGreaterThan(0);
  });

  it('refuses a hosted tool with a 400 naming it', async () => {
    const err = await client.responses.create({ model: 'openai/gpt-4.1-nano', input: 'news?', tools: [{ type: 'web_search' }] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.BadRequestError);
    const e = err as InstanceType<typeof OpenAI.BadRequestError>;
    expect(e.code).toBe('unsupported_tool');
    expect(e.param).toBe('tools[0]');
    expect(e.message).toMatch(/web_search/);
  });

  it('drops hosted tools when the operator allows it, and says which in x-heimdall-dropped-tools', async () => {
    const dropping = testGateway({ client: { drop_unsupported_tools: true } });
    const { data, response } = await clientOf(dropping)
      .responses.create({ model: 'openai/gpt-4.1-nano', input: 'news?', tools: [{ type: 'web_search' }, WEATHER, { type: 'file_search', vector_store_ids: ['vs_1'] }], user: 'resp-dropped' })
      .withResponse();
    expect(response.headers.get('x-heimdall-dropped-tools')).toBe('web_search,file_search');
    expect(data.tools.map((t) => t.type)).toEqual(['function']);
    expect(((await upstreamRecord('resp-dropped')).body.tools as unknown[]).length).toBe(1);
    const streamed = await clientOf(dropping).responses.create({ model: 'openai/gpt-4.1-nano', input: 'news?', tools: [{ type: 'web_search' }], stream: true }).withResponse();
    expect(streamed.response.headers.get('x-heimdall-dropped-tools')).toBe('web_search');
    for await (const event of streamed.data) if (event.type === 'response.completed') expect(event.response.tools).toEqual([]);
  });

  it('answers a Responses request from an Anthropic target (translated both ways)', async () => {
    const res = await client.responses.create({ model: 'anthropic/claude-3-5-haiku-latest', input: 'Invent a holiday.', instructions: 'Be brief.', max_output_tokens: 200, user: 'resp-anthropic' });
    expect(res.status).toBe('completed');
    expect(res.output_text.length).toBeGreaterThan(0);
    expect(res.usage!.input_tokens).toBeGreaterThan(0);
    const sent = await upstreamRecord('resp-anthropic');
    expect(sent.body).toMatchObject({ system: 'Be brief.', max_tokens: 200, messages: [{ role: 'user', content: [{ type: 'text', text: 'Invent a holiday.' }] }] });
  });

  it('resolves item_reference items from stored responses (the AI SDK sends them when store is on)', async () => {
    const first = await client.responses.create({ model: 'openai/gpt-4.1-nano', input: 'Invent a holiday.' });
    const next = await client.responses.create({
      model: 'openai/gpt-4.1-nano',
      user: 'resp-item-ref',
      input: [{ role: 'user', content: 'Invent a holiday.' }, { type: 'item_reference', id: first.output[0]!.id! }, { role: 'user', content: 'Shorter.' }],
    });
    expect(next.status).toBe('completed');
    expect((await upstreamRecord('resp-item-ref')).body.messages).toEqual([
      { role: 'user', content: 'Invent a holiday.' },
      { role: 'assistant', content: FIXTURE_TEXT },
      { role: 'user', content: 'Shorter.' },
    ]);
    const err = await client.responses.create({ model: 'openai/gpt-4.1-nano', input: [{ type: 'item_reference', id: 'msg_00000000000000000000000000000000beef' }] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OpenAI.NotFoundError);
    expect((err as InstanceType<typeof OpenAI.NotFoundError>).code).toBe('item_not_found');
  });

  it("carries an Anthropic target's signed thinking through reasoning items and back into the next turn", async () => {
    const ask = { model: 'anthropic/claude-sonnet-4-5', reasoning: { effort: 'low' as const }, max_output_tokens: 4096, include: ['reasoning.encrypted_content' as const] };
    const first = await client.responses.create({ ...ask, input: 'What is 27 * 453?' });
    const reasoning = first.output.find((o): o is OpenAI.Responses.ResponseReasoningItem => o.type === 'reasoning')!;
    expect(reasoning.summary[0]!.text.length).toBeGreaterThan(0);
    expect(reasoning.encrypted_content).toMatch(/^heimdall\.reasoning\.v1\./);
    expect(first.usage!.output_tokens).toBeGreaterThan(0);
    // GET leaves the sealed forms out unless asked, as OpenAI's does.
    const got = await client.responses.retrieve(first.id);
    expect(got.output.find((o) => o.type === 'reasoning')).not.toHaveProperty('encrypted_content');
    const withSealed = await client.responses.retrieve(first.id, { include: ['reasoning.encrypted_content'] });
    expect(withSealed.output.find((o): o is OpenAI.Responses.ResponseReasoningItem => o.type === 'reasoning')!.encrypted_content).toBe(reasoning.encrypted_content);
    // Stateless, as Codex does it: the output items sent back as input.
    await client.responses.create({ ...ask, store: false, user: 'resp-thinking', input: [{ role: 'user', content: 'What is 27 * 453?' }, ...(first.output as OpenAI.Responses.ResponseInputItem[]), { role: 'user', content: 'And doubled?' }] });
    const sent = (await upstreamRecord('resp-thinking')).body.messages as { role: string; content: { type: string; signature?: string }[] }[];
    const thinking = sent[1]!.content.find((b) => b.type === 'thinking');
    expect(thinking?.signature).toBe(THINKING_SIGNATURE);
  });

  it('asks an Anthropic target for structured output from text.format json_schema, and answers JSON text', async () => {
    const schema = { type: 'object', properties: { name: { type: 'string' } }, required: ['name'], additionalProperties: false };
    const res = await client.responses.create({
      model: 'anthropic/claude-sonnet-4-5',
      input: 'Name a holiday.',
      text: { format: { type: 'json_schema', name: 'holiday', schema, strict: true } },
      max_output_tokens: 1024,
      user: 'resp-structured',
    });
    expect(() => JSON.parse(res.output_text)).not.toThrow();
    const sent = (await upstreamRecord('resp-structured')).body;
    // Anthropic's structured outputs (or its forced-tool fallback): the schema reached the upstream either way.
    const asked = (sent.output_config as { format?: { schema?: unknown } } | undefined)?.format?.schema ?? (sent.tools as { input_schema?: unknown }[] | undefined)?.[0]?.input_schema;
    expect(asked).toMatchObject({ properties: { name: { type: 'string' } } });
  });

  it('scopes stored responses to the virtual key that made them', async () => {
    const governed = testGateway({ plugins: bundledPlugins, storage: true });
    const ADMIN = { authorization: 'Bearer test-admin-token', 'content-type': 'application/json' };
    const key = async (name: string) => (await (await governed.fetch('/api/governance/virtual-keys', { method: 'POST', headers: ADMIN, body: JSON.stringify({ name }) })).json<{ value: string }>()).value;
    const alice = clientOf(governed, { 'x-bf-vk': await key('resp-alice') });
    const bob = clientOf(governed, { 'x-bf-vk': await key('resp-bob') });
    const mine = await alice.responses.create({ model: 'openai/gpt-4.1-nano', input: 'Invent a holiday.' });
    expect((await alice.responses.retrieve(mine.id)).id).toBe(mine.id);
    expect(await bob.responses.retrieve(mine.id).catch((e: unknown) => e)).toBeInstanceOf(OpenAI.NotFoundError);
    expect(await clientOf(governed).responses.retrieve(mine.id).catch((e: unknown) => e)).toBeInstanceOf(OpenAI.NotFoundError);
    const err = await bob.responses.create({ model: 'openai/gpt-4.1-nano', previous_response_id: mine.id, input: 'more' }).catch((e: unknown) => e);
    expect((err as InstanceType<typeof OpenAI.NotFoundError>).code).toBe('previous_response_not_found');
    expect(await bob.responses.delete(mine.id).catch((e: unknown) => e)).toBeInstanceOf(OpenAI.NotFoundError);
    expect((await alice.responses.retrieve(mine.id)).id).toBe(mine.id);
  });
});
