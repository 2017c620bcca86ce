import { describe, expect, it } from 'vitest';
import { bundledPlugins } from '../plugins';
import { type MaximLog, maximLogs } from './support/exports';
import { chat, readSse, testGateway, upstreamUrl, USER_HELLO } from './support/gateway';

// The maxim plugin against a stand-in Maxim log API (test/support/upstreams/maxim-api.ts) that
// parses every pushed line by the commit-log grammar of Maxim's SDKs.

const maxim = (config: Record<string, unknown>, path = 'maxim') =>
  testGateway({
    plugins: bundledPlugins,
    vars: { MAXIM_BASE_URL: `${upstreamUrl()}/${path}`, TEST_MAXIM_KEY: 'mx-test-key' },
    entries: [{ name: 'maxim', enabled: true, config: { api_key: 'env.TEST_MAXIM_KEY', ...config } }],
  });

const ask = (gw: ReturnType<typeof testGateway>, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
  gw.fetch('/v1/chat/completions', chat({ model: 'openai/gpt-4o-mini', messages: USER_HELLO, ...body }, headers));

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const steps = (logs: MaximLog[]) => logs.map((l) => `${l.entity} ${l.action}`);

describe('maxim plugin: traces and generations to Maxim', () => {
  it("logs a trace with a generation per attempt, each with its result or error, as Maxim's SDK commits them", async () => {
    const gw = maxim({ log_repo_id: 'repo-shape' });
    const res = await ask(gw, { model: 'openai/fail-401', fallbacks: ['deepseek/deepseek-chat'], temperature: 0.2, user: 'mx-shape' });
    expect(res.status).toBe(200);
    const answer = await res.json<any>();

    const { pushes, logs } = await maximLogs('repo-shape');
    expect(pushes[0]).toMatchObject({ apiKey: 'mx-test-key', contentType: 'text/plain' });
    expect(steps(logs)).toEqual([
      'trace create',
      'trace update',
      'trace add-generation',
      'generation result',
      'generation end',
      'trace add-generation',
      'generation result',
      'generation end',
      'trace update',
      'trace end',
    ]);
    const traceId = logs[0]!.id;
    expect(traceId).toMatch(UUID);
    for (const l of logs.filter((x) => x.entity === 'trace')) expect(l.id).toBe(traceId);
    expect(logs[0]!.data).toEqual({ name: 'bifrost_chat_completion', tags: { model: answer.model }, startTimestamp: expect.stringMatching(ISO) });
    expect(logs[1]!.data).toEqual({ input: USER_HELLO[0]!.content });

    const [failed, answered] = [logs[2]!.data, logs[5]!.data];
    expect(failed).toEqual({
      id: expect.stringMatching(UUID),
      messages: USER_HELLO,
      tags: { model: answer.model },
      startTimestamp: expect.stringMatching(ISO),
      provider: 'openai',
      model: 'fail-401',
      modelParameters: expect.objectContaining({ temperature: 0.2 }),
    });
    expect(answered).toMatchObject({ provider: 'deepseek', model: 'deepseek-chat', messages: USER_HELLO });
    expect(answered.id).not.toBe(failed.id);
    expect(logs[3]).toMatchObject({ entity: 'generation', id: failed.id, data: { result: { error: { code: '401', type: expect.any(String), message: expect.any(String) }, id: expect.any(String) } } });
    expect(logs[6]).toMatchObject({
      id: answered.id,
      data: {
        result: {
          id: answer.id,
          object: 'chat.completion',
          model: answer.model,
          choices: [{ index: 0, message: { role: 'assistant', content: answer.choices[0].message.content }, logprobs: null, finish_reason: answer.choices[0].finish_reason }],
          usage: { prompt_tokens: answer.usage.prompt_tokens, completion_tokens: answer.usage.completion_tokens, total_tokens: answer.usage.total_tokens },
        },
      },
    });
    for (const end of [logs[4]!, logs[7]!, logs[9]!]) expect(end.data).toEqual({ endTimestamp: expect.stringMatching(ISO) });
    expect(logs[8]!.data).toEqual({ output: answer.choices[0].message.content });
  });

  it('takes session, trace id and name, generation name, log repository and tags from x-bf-maxim-* headers', async () => {
    const gw = maxim({ log_repo_id: 'repo-default' });
    await (
      await ask(gw, { user: 'mx-headers' }, {
        'x-bf-maxim-session-id': 'session-42',
        'x-bf-maxim-trace-id': 'trace-from-caller',
        'x-bf-maxim-trace-name': 'checkout-assistant',
        'x-bf-maxim-generation-name': 'answer',
        'x-bf-maxim-log-repo-id': 'repo-from-header',
        'x-bf-maxim-team': 'payments',
      })
    ).text();
    const { logs } = await maximLogs('repo-from-header');
    const create = logs.find((l) => l.action === 'create')!;
    expect(create).toMatchObject({ entity: 'trace', id: 'trace-from-caller', data: { name: 'checkout-assistant', sessionId: 'session-42', tags: { team: 'payments' } } });
    expect(logs.find((l) => l.action === 'add-generation')!.data).toMatchObject({ name: 'answer', tags: { team: 'payments' } });
    expect(logs.filter((l) => l.entity === 'trace').every((l) => l.id === 'trace-from-caller')).toBe(true);
  });

  it("adds only the answer and tags to a caller's generation from x-bf-maxim-generation-id, and ends the caller's trace", async () => {
    const gw = maxim({ log_repo_id: 'repo-caller-generation' });
    const answer = await (
      await ask(gw, { user: 'mx-gen' }, { 'x-bf-maxim-generation-id': 'gen-from-caller', 'x-bf-maxim-trace-id': 'trace-of-caller', 'x-bf-maxim-team': 'payments' })
    ).json<any>();
    const { logs } = await maximLogs('repo-caller-generation');
    expect(logs.map((l) => `${l.entity} ${l.id} ${l.action} ${JSON.stringify(l.action === 'update' ? l.data : '')}`)).toEqual([
      'generation gen-from-caller result ""',
      'generation gen-from-caller end ""',
      'generation gen-from-caller update {"tags":{"team":"payments"}}',
      `generation gen-from-caller update {"tags":{"model":"${answer.model}"}}`,
      'trace trace-of-caller update {"tags":{"team":"payments"}}',
      `trace trace-of-caller update {"tags":{"model":"${answer.model}"}}`,
      'trace trace-of-caller end ""',
    ]);
    expect(logs[0]!.data.result.choices[0].message.content).toBe(answer.choices[0].message.content);
  });

  it('logs a streamed answer as its text and final usage', async () => {
    const gw = maxim({ log_repo_id: 'repo-stream' });
    const events = (await readSse(await ask(gw, { user: 'mx-stream', stream: true, stream_options: { include_usage: true } }))).filter((d) => d !== '[DONE]').map((d) => JSON.parse(d));
    const text = events.map((e) => e.choices[0]?.delta?.content ?? '').join('');
    const { logs } = await maximLogs('repo-stream');
    expect(logs[0]!.data.name).toBe('bifrost_chat_completion_stream');
    const result = logs.find((l) => l.action === 'result')!.data.result;
    expect(result.choices[0].message.content).toBe(text);
    expect(result.usage).toMatchObject({ prompt_tokens: events.at(-1).usage.prompt_tokens, completion_tokens: events.at(-1).usage.completion_tokens });
  });

  it('leaves the response alone when Maxim fails or never answers', async () => {
    const answer = async (gw: ReturnType<typeof testGateway>) => {
      const res = await ask(gw, { user: 'mx-resilience', temperature: 0 });
      return { status: res.status, body: await res.json() };
    };
    const plain = await answer(testGateway({ plugins: bundledPlugins }));
    expect(await answer(maxim({ log_repo_id: 'repo-down' }, 'maxim-down'))).toEqual(plain);
    expect(await answer(maxim({ log_repo_id: 'repo-hang' }, 'maxim-hang'))).toEqual(plain);
  });
});
