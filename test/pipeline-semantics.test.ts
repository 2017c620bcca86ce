import { describe, expect, it } from 'vitest';
import helloWorld from '../plugins/hello-world';
import { GatewayError } from '../src/errors/gateway-error';
import { contextKey, GatewayKeys, type PluginHooks, type StreamEvent } from '../src/sdk';
import { chat, readSse, testGateway, upstreamRecord, upstreamRecords, USER_HELLO } from './support/gateway';
import { entry, recordingPlugin } from './support/recording-plugin';

const MODEL = 'openai/gpt-4.1-nano';
const mockResponse = (text: string) => ({
  kind: 'chat' as const,
  id: 'sc-1',
  created: 1,
  model: 'short-circuit',
  provider: 'openai',
  choices: [{ index: 0, message: { role: 'assistant' as const, content: text }, finishReason: { unified: 'stop' as const, raw: 'stop' } }],
  usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 },
});

interface Case {
  name: string;
  /** [plugin name, placement, order, hook overrides, definition extras, entry extras] */
  plugins: [string, string, number, PluginHooks?, Record<string, unknown>?, Record<string, unknown>?][];
  body?: Record<string, unknown>;
  trace?: string[];
  status?: number;
  check?: (res: Response, trace: string[]) => Promise<void>;
}

const cases: Case[] = [
  {
    name: 'orders pre hooks by group then order (ties keep registration order); post hooks run LIFO',
    plugins: [
      ['c', 'post_builtin', 0],
      ['a', 'pre_builtin', 1],
      ['b', 'pre_builtin', 0],
      ['d', 'builtin', 0, {}, { builtin: { position: 0 } }],
      ['e', 'post_builtin', 0],
    ],
    trace: [
      'b.httpPre', 'a.httpPre', 'd.httpPre', 'c.httpPre', 'e.httpPre',
      'b.preLLM', 'a.preLLM', 'd.preLLM', 'c.preLLM', 'e.preLLM',
      'e.postLLM', 'c.postLLM', 'd.postLLM', 'a.postLLM', 'b.postLLM',
      'e.httpPost', 'c.httpPost', 'd.httpPost', 'a.httpPost', 'b.httpPost',
    ],
    status: 200,
  },
  {
    name: 'a response short-circuit at plugin k runs post hooks k…1 and skips the provider',
    plugins: [
      ['p1', 'post_builtin', 1],
      ['p2', 'post_builtin', 2],
      ['p3', 'post_builtin', 3, { preLLMHook: () => ({ response: mockResponse('from p3') }) }],
      ['p4', 'post_builtin', 4],
    ],
    body: { user: 'sc-response' },
    trace: [
      'p1.httpPre', 'p2.httpPre', 'p3.httpPre', 'p4.httpPre',
      'p1.preLLM', 'p2.preLLM', 'p3.preLLM',
      'p3.postLLM', 'p2.postLLM', 'p1.postLLM',
      'p4.httpPost', 'p3.httpPost', 'p2.httpPost', 'p1.httpPost',
    ],
    status: 200,
    check: async (res) => {
      expect((await res.json<any>()).choices[0].message.content).toBe('from p3');
      expect(await upstreamRecords('sc-response')).toEqual([]);
    },
  },
  {
    name: 'an error short-circuit returns its status and post hooks see the error',
    plugins: [
      ['p1', 'pre_builtin', 0, { postLLMHook: (_c, res, err) => { expect(res).toBeUndefined(); expect(err?.status).toBe(403); } }],
      ['p2', 'pre_builtin', 1, { preLLMHook: () => ({ error: new GatewayError({ status: 403, type: 'permission_error', message: 'nope' }) }) }],
    ],
    status: 403,
    check: async (res) => expect(await res.json()).toEqual({ error: { message: 'nope', type: 'permission_error', param: null, code: null } }),
  },
  {
    name: 'a stream short-circuit flows through post hooks and chunk hooks like a provider stream',
    plugins: [
      ['upper', 'pre_builtin', 0, { streamChunkHook: (_c, _r, chunk) => upperCase(chunk) }],
      [
        'streamer',
        'post_builtin',
        0,
        {
          preLLMHook: () => ({ stream: eventStream([{ type: 'start', id: 's1', created: 1, model: 'm' }, { type: 'text-delta', index: 0, text: 'hello ' }, { type: 'text-delta', index: 0, text: 'world' }, { type: 'finish', index: 0, finishReason: { unified: 'stop', raw: 'stop' } }]) }),
        },
      ],
    ],
    body: { stream: true },
    trace: ['upper.httpPre', 'streamer.httpPre', 'upper.preLLM', 'streamer.preLLM', 'streamer.postLLM', 'upper.postLLM'],
    status: 200,
    check: async (res) => expect(await streamedText(res)).toBe('HELLO WORLD'),
  },
  {
    name: 'a hook that throws is recorded and skipped; the request succeeds',
    plugins: [
      ['reader', 'pre_builtin', 0, { httpPostHook: (ctx, _r, res) => { res.headers['x-failures'] = JSON.stringify(ctx.get(GatewayKeys.pluginFailures)); } }],
      ['thrower', 'post_builtin', 0, { preLLMHook: () => { throw new Error('boom'); } }],
    ],
    status: 200,
    check: async (res) => {
      expect(JSON.parse(res.headers.get('x-failures')!)).toEqual([{ plugin: 'thrower', hook: 'preLLMHook', message: 'boom', timedOut: false }]);
      expect((await res.json<any>()).choices[0].message.content).toMatch(/Galaxy Day/);
    },
  },
  {
    name: 'a hook that overruns its time budget is recorded and skipped',
    plugins: [
      ['reader', 'pre_builtin', 0, { httpPostHook: (ctx, _r, res) => { res.headers['x-failures'] = JSON.stringify(ctx.get(GatewayKeys.pluginFailures)); } }],
      ['sleeper', 'post_builtin', 0, { preLLMHook: () => new Promise<void>((r) => setTimeout(r, 2000)) }, { hookTimeoutMs: 50 }],
    ],
    status: 200,
    check: async (res) => {
      expect(JSON.parse(res.headers.get('x-failures')!)).toEqual([{ plugin: 'sleeper', hook: 'preLLMHook', message: 'exceeded its 50 ms budget', timedOut: true }]);
    },
  },
  {
    name: 'a fail-closed plugin that throws fails the request with a gateway error, post hooks still unwind',
    plugins: [
      ['outer', 'pre_builtin', 0],
      ['auth', 'pre_builtin', 1, { preLLMHook: () => { throw new Error('auth backend down'); } }, {}, { fail_closed: true }],
    ],
    body: { user: 'fail-closed' },
    trace: ['outer.httpPre', 'auth.httpPre', 'outer.preLLM', 'auth.preLLM', 'auth.postLLM', 'outer.postLLM', 'auth.httpPost', 'outer.httpPost'],
    status: 500,
    check: async (res) => {
      const body = await res.json<any>();
      expect(body.error).toMatchObject({ type: 'plugin_error', code: 'plugin_failed' });
      expect(body.error.message).toBe('plugin "auth" preLLMHook failed: auth backend down');
      expect(await upstreamRecords('fail-closed')).toEqual([]);
    },
  },
  {
    name: 'a post hook recovers an upstream error into a response',
    plugins: [['rescuer', 'post_builtin', 0, { postLLMHook: (_c, _res, err) => (err ? { response: mockResponse(`recovered ${err.status}`) } : undefined) }]],
    body: { model: 'openai/fail-500' },
    status: 200,
    check: async (res) => expect((await res.json<any>()).choices[0].message.content).toBe('recovered 500'),
  },
  {
    name: 'a post hook turns a response into an error',
    plugins: [['guard', 'post_builtin', 0, { postLLMHook: () => ({ error: new GatewayError({ status: 422, type: 'guardrail_error', message: 'blocked by guard' }) }) }]],
    status: 422,
    check: async (res) => expect((await res.json<any>()).error.message).toBe('blocked by guard'),
  },
  {
    name: 'allowFallbacks = false set by a post hook stops the fallback chain',
    plugins: [['stopper', 'post_builtin', 0, { postLLMHook: (_c, _r, err) => { if (err) err.allowFallbacks = false; } }]],
    body: { model: 'openai/fail-500', fallbacks: ['openai/gpt-4.1-nano'], user: 'no-fallback' },
    status: 500,
    check: async () => expect((await upstreamRecords('no-fallback')).map((r) => r.body.model)).toEqual(['fail-500']),
  },
  {
    name: 'chunk hooks run in reverse order and can edit and drop chunks',
    plugins: [
      ['upper', 'pre_builtin', 0, { streamChunkHook: (_c, _r, chunk) => upperCase(chunk) }],
      // Runs first (reverse order): sees original text, drops chunks that mention Harmony.
      ['dropper', 'post_builtin', 0, { streamChunkHook: (_c, _r, chunk) => (JSON.stringify(chunk.data).includes('Harmony') ? null : chunk) }],
    ],
    body: { stream: true },
    status: 200,
    check: async (res) => {
      const text = await streamedText(res);
      expect(text.length).toBeGreaterThan(100);
      expect(text).toBe(text.toUpperCase());
      expect(text).not.toContain('HARMONY');
      expect(text).toContain(' DAY');
    },
  },
  {
    name: 'LLM post hooks edit stream events one by one',
    plugins: [['redact', 'post_builtin', 0, { postLLMHook: (_c, res) => (res && 'type' in res && res.type === 'text-delta' ? { response: { ...res, text: res.text.replaceAll('Harmony', '[redacted]') } } : undefined) }]],
    body: { stream: true },
    status: 200,
    check: async (res) => {
      const text = await streamedText(res);
      expect(text).toContain('[redacted] Day');
      expect(text).not.toContain('Harmony');
    },
  },
  {
    name: 'values set in pre hooks are read in post hooks of the same request',
    plugins: [
      ['writer', 'pre_builtin', 0, { preLLMHook: (ctx, req) => ctx.set(contextKey<string>('test.seen_model'), req.model) }],
      ['reader', 'post_builtin', 0, { httpPostHook: (ctx, _r, res) => { res.headers['x-seen'] = ctx.get(contextKey<string>('test.seen_model')) ?? 'none'; } }],
    ],
    status: 200,
    check: async (res) => expect(res.headers.get('x-seen')).toBe('gpt-4.1-nano'),
  },
  {
    name: 'writes to gateway-reserved keys are refused and recorded',
    plugins: [
      ['forger', 'pre_builtin', 0, { preLLMHook: (ctx) => ctx.set(GatewayKeys.virtualKey, 'sk-bf-forged') }],
      ['reader', 'post_builtin', 0, { httpPostHook: (ctx, _r, res) => { res.headers['x-vk'] = String(ctx.get(GatewayKeys.virtualKey)); res.headers['x-failures'] = JSON.stringify(ctx.get(GatewayKeys.pluginFailures)); } }],
    ],
    status: 200,
    check: async (res) => {
      expect(res.headers.get('x-vk')).toBe('undefined');
      expect(JSON.parse(res.headers.get('x-failures')!)[0].message).toMatch(/may not write the reserved context key "heimdall.virtual_key"/);
    },
  },
  {
    name: 'an HTTP pre hook short-circuit answers at once; only the HTTP post hooks of plugins that ran follow',
    plugins: [
      ['p1', 'pre_builtin', 0],
      ['gate', 'pre_builtin', 1, { httpPreHook: () => ({ status: 401, headers: { 'content-type': 'application/json' }, body: { error: { message: 'no entry', type: 'auth' } } }) }],
      ['p3', 'post_builtin', 0],
    ],
    trace: ['p1.httpPre', 'gate.httpPre', 'gate.httpPost', 'p1.httpPost'],
    status: 401,
  },
  {
    name: 'an HTTP pre hook edits the body in place before the gateway parses it',
    plugins: [['rewriter', 'pre_builtin', 0, { httpPreHook: (_c, req) => { (req.body as Record<string, unknown>).model = 'openai/echo'; } }]],
    body: { user: 'http-edit' },
    status: 200,
    check: async () => expect((await upstreamRecord('http-edit')).body.model).toBe('echo'),
  },
  {
    name: 'a pre LLM hook replaces the request',
    plugins: [['tuner', 'pre_builtin', 0, { preLLMHook: (_c, req) => ({ request: { ...req, params: { ...req.params, temperature: 0 } } }) }]],
    body: { user: 'llm-edit', temperature: 1.5 },
    status: 200,
    check: async () => expect((await upstreamRecord('llm-edit')).body.temperature).toBe(0),
  },
];

describe('hook pipeline semantics', () => {
  it.each(cases)('$name', async (c) => {
    const trace: string[] = [];
    const plugins = c.plugins.map(([name, , , hooks, extra]) => recordingPlugin(name, trace, hooks, extra));
    const entries = c.plugins.map(([name, placement, order, , , more]) => entry(name, placement, order, more));
    const gw = testGateway({ plugins, entries });
    const res = await gw.fetch('/v1/chat/completions', chat({ model: MODEL, messages: USER_HELLO, ...c.body }));
    if (c.status !== undefined) expect(res.status).toBe(c.status);
    if (c.check) await c.check(res, trace);
    else await res.arrayBuffer();
    if (c.trace) expect(trace).toEqual(c.trace);
  });

  it('passes context values from pre to post hooks in the hello-world example', async () => {
    const gw = testGateway({ plugins: [helloWorld], entries: [{ name: 'hello-world', enabled: true, config: { greeting: 'hej' } }] });
    const res = await gw.fetch('/v1/chat/completions', chat({ model: MODEL, messages: USER_HELLO }));
    expect(res.headers.get('x-hello')).toBe('hej openai/gpt-4.1-nano');
    expect(Number(res.headers.get('x-hello-elapsed-ms'))).toBeGreaterThanOrEqual(0);
  });

  it('re-runs the LLM pipeline per attempt, with the fallback index in the context', async () => {
    const trace: string[] = [];
    const seen: number[] = [];
    const plugin = recordingPlugin('r', trace, { preLLMHook: (ctx) => void seen.push(ctx.fallbackIndex) });
    const gw = testGateway({ plugins: [plugin], entries: [entry('r')] });
    const res = await gw.fetch('/v1/chat/completions', chat({ model: 'openai/fail-500', messages: USER_HELLO, fallbacks: ['deepseek/deepseek-chat'] }));
    expect(res.status).toBe(200);
    expect(seen).toEqual([0, 1]);
    expect(trace).toEqual(['r.httpPre', 'r.preLLM', 'r.postLLM', 'r.preLLM', 'r.postLLM', 'r.httpPost']);
    expect((await res.json<any>()).extra_fields).toMatchObject({ provider: 'deepseek', fallback_index: 1 });
  });
});

function eventStream(events: StreamEvent[]): ReadableStream<StreamEvent> {
  return new ReadableStream({
    start(controller) {
      events.forEach((e) => controller.enqueue(e));
      controller.close();
    },
  });
}

function upperCase(chunk: { data: Record<string, any> }) {
  const delta = chunk.data.choices?.[0]?.delta;
  if (delta?.content) delta.content = delta.content.toUpperCase();
  return chunk;
}

async function streamedText(res: Response): Promise<string> {
  const data = await readSse(res);
  expect(data.at(-1)).toBe('[DONE]');
  return data
    .slice(0, -1)
    .map((d) => JSON.parse(d).choices?.[0]?.delta?.content ?? '')
    .join('');
}
