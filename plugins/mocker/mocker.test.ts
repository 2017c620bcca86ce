import { describe, expect, it } from 'vitest';
import type { ChatRequest, ChatResponse, StreamEvent } from '../../src/types/chat';
import { GatewayError } from '../../src/errors/gateway-error';
import { NO_GATEWAY_SERVICES, type PreLLMResult } from '../../src/pipeline/define-plugin';
import type { HookContext } from '../../src/pipeline/hook-context';
import mocker, { configSchema, createMocker, DEFAULT_MOCK_ERROR, DEFAULT_MOCK_MESSAGE } from './index';
import { splitWords } from './build-response';

// The mocker reads nothing from its context but the request id.
const ctx = { requestId: 'req-1' } as HookContext;
const env = {} as Cloudflare.Env;

function chatRequest(overrides: Partial<ChatRequest> = {}): ChatRequest {
  return {
    kind: 'chat',
    provider: 'openai',
    model: 'gpt-4o',
    messages: [{ role: 'user', content: 'Hello there' }],
    stream: false,
    includeUsage: false,
    fallbacks: [],
    params: {},
    ...overrides,
  };
}

/** Returns the given numbers in turn, and fails the test if asked for more. */
function sequence(...values: number[]): () => number {
  let i = 0;
  return () => {
    const value = values[i++];
    if (value === undefined) throw new Error(`random() called ${i} times, expected at most ${values.length}`);
    return value;
  };
}

const noRandom = sequence();

function hooksFor(rawConfig: unknown, random: () => number = noRandom) {
  const hook = createMocker(configSchema.parse(rawConfig), random).preLLMHook;
  if (!hook) throw new Error('mocker has no preLLMHook');
  return (req: ChatRequest = chatRequest()) => hook(ctx, req);
}

async function run(rawConfig: unknown, req: ChatRequest = chatRequest(), random?: () => number) {
  return hooksFor(rawConfig, random)(req);
}

function responseOf(result: PreLLMResult | void): ChatResponse {
  if (!result || !('response' in result)) throw new Error(`expected a response, got ${JSON.stringify(result)}`);
  if (result.response.kind !== 'chat') throw new Error('expected a chat response');
  return result.response;
}

function errorOf(result: PreLLMResult | void): GatewayError {
  if (!result || !('error' in result)) throw new Error(`expected an error, got ${JSON.stringify(result)}`);
  return result.error;
}

async function eventsOf(result: PreLLMResult | void): Promise<StreamEvent[]> {
  if (!result || !('stream' in result)) throw new Error(`expected a stream, got ${JSON.stringify(result)}`);
  if (Array.isArray(result.stream)) return [...result.stream];
  const reader = (result.stream as ReadableStream<StreamEvent>).getReader();
  const events: StreamEvent[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return events;
    events.push(value);
  }
}

const textOf = (res: ChatResponse) => res.choices[0]?.message.content;

const success = (message: string, extra: Record<string, unknown> = {}) => ({
  type: 'success',
  content: { message },
  ...extra,
});

const rule = (name: string, fields: Record<string, unknown> = {}) => ({
  name,
  responses: [success(`from ${name}`)],
  ...fields,
});

describe('mocker config schema', () => {
  it('fills in Bifrost defaults', () => {
    const config = configSchema.parse({ rules: [rule('r')] });
    expect(config.enabled).toBe(true);
    expect(config.default_behavior).toBe('passthrough');
    expect(config.global_latency).toBeUndefined();
    const [r] = config.rules;
    expect(r).toMatchObject({ enabled: true, priority: 0, probability: 1, conditions: { providers: [], models: [] } });
    expect(r?.responses[0]).toEqual({
      type: 'success',
      weight: 1,
      content: {
        message: 'from r',
        usage: { prompt_tokens: 10, completion_tokens: 20, total_tokens: 30 },
        finish_reason: 'stop',
      },
    });
    expect(configSchema.parse(undefined)).toEqual({ enabled: true, default_behavior: 'passthrough', rules: [] });
  });

  it('defaults total_tokens to the sum and status_code to 500', () => {
    const config = configSchema.parse({
      rules: [
        {
          name: 'r',
          responses: [
            { type: 'success', content: { message: 'x', usage: { prompt_tokens: 3, completion_tokens: 4 } } },
            { type: 'error', error: { message: 'boom' } },
          ],
        },
      ],
    });
    const [ok, bad] = config.rules[0]?.responses ?? [];
    expect(ok?.type === 'success' && ok.content.usage).toEqual({ prompt_tokens: 3, completion_tokens: 4, total_tokens: 7 });
    expect(bad?.type === 'error' && bad.error.status_code).toBe(500);
  });

  it('reads nulls from a Go-marshalled Bifrost config as absent fields', () => {
    const config = configSchema.parse({
      enabled: true,
      global_latency: null,
      default_behavior: 'passthrough',
      rules: [
        {
          name: 'r',
          enabled: true,
          priority: 0,
          probability: 1,
          conditions: { providers: null, models: null, message_regex: null, request_size: null },
          latency: null,
          responses: [
            {
              type: 'success',
              weight: 1,
              content: { message: 'hi', model: null, usage: null, custom_fields: { kept: null } },
              error: null,
              allow_fallbacks: null,
            },
          ],
        },
      ],
    });
    const r = config.rules[0];
    expect(r?.conditions).toEqual({ providers: [], models: [] });
    expect(r?.latency).toBeUndefined();
    const response = r?.responses[0];
    expect(response?.type === 'success' && response.content.custom_fields).toEqual({ kept: null });
    expect(response?.allow_fallbacks).toBeUndefined();
  });

  const rejects = (raw: unknown, path: PropertyKey[], message?: RegExp) => {
    const parsed = configSchema.safeParse(raw);
    expect(parsed.success).toBe(false);
    const issue = parsed.error?.issues.find((i) => JSON.stringify(i.path) === JSON.stringify(path));
    expect(issue, `no issue at ${JSON.stringify(path)}: ${JSON.stringify(parsed.error?.issues)}`).toBeDefined();
    if (message) expect(issue?.message).toMatch(message);
  };

  it('rejects a message_regex that does not compile', () => {
    rejects({ rules: [rule('r', { conditions: { message_regex: '(unclosed' } })] }, ['rules', 0, 'conditions', 'message_regex'], /message_regex does not compile/);
  });

  it('rejects a success response without content, or content without a message', () => {
    rejects({ rules: [{ name: 'r', responses: [{ type: 'success' }] }] }, ['rules', 0, 'responses', 0, 'content']);
    rejects(
      { rules: [{ name: 'r', responses: [{ type: 'success', content: { model: 'm' } }] }] },
      ['rules', 0, 'responses', 0, 'content'],
      /one of message or message_template is required/,
    );
  });

  it('rejects an error response without error content', () => {
    rejects({ rules: [{ name: 'r', responses: [{ type: 'error' }] }] }, ['rules', 0, 'responses', 0, 'error']);
  });

  it('rejects uniform latency without max, or with max below min', () => {
    rejects({ global_latency: { type: 'uniform', min: 10 } }, ['global_latency', 'max']);
    rejects({ rules: [rule('r', { latency: { type: 'uniform', min: 50, max: 10 } })] }, ['rules', 0, 'latency', 'max'], /greater than or equal to min/);
  });

  it('rejects out-of-range fields with their paths', () => {
    rejects({ rules: [rule('r', { probability: 1.5 })] }, ['rules', 0, 'probability']);
    rejects({ rules: [{ name: 'r', responses: [] }] }, ['rules', 0, 'responses']);
    rejects({ rules: [{ responses: [success('x')] }] }, ['rules', 0, 'name']);
    rejects({ rules: [{ name: 'r', responses: [success('x', { weight: 0 })] }] }, ['rules', 0, 'responses', 0, 'weight']);
    rejects({ rules: [{ name: 'r', responses: [{ type: 'error', error: { message: 'x', status_code: 200 } }] }] }, [
      'rules', 0, 'responses', 0, 'error', 'status_code',
    ]);
    rejects({ default_behavior: 'mock' }, ['default_behavior']);
    rejects({ rules: [rule('r', { conditions: { request_size: { min: 10, max: 5 } } })] }, ['rules', 0, 'conditions', 'request_size', 'max']);
    rejects({ rules: [rule('r', { conditons: {} })] }, ['rules', 0]);
  });
});

describe('mocker plugin definition', () => {
  it('is named mocker and its init returns a working preLLMHook', async () => {
    expect(mocker.name).toBe('mocker');
    const hooks = await mocker.init(configSchema.parse({ rules: [rule('r')] }), env, NO_GATEWAY_SERVICES);
    const result = await hooks.preLLMHook?.(ctx, chatRequest());
    expect(textOf(responseOf(result))).toBe('from r');
  });

  it('passes everything through when disabled', async () => {
    const hooks = await mocker.init(configSchema.parse({ enabled: false, default_behavior: 'error', rules: [rule('r')] }), env, NO_GATEWAY_SERVICES);
    expect(await hooks.preLLMHook?.(ctx, chatRequest())).toBeUndefined();
  });
});

describe('rule conditions', () => {
  it('matches providers and models', async () => {
    const config = {
      rules: [
        rule('anthropic-only', { priority: 2, conditions: { providers: ['anthropic'] } }),
        rule('gpt-4o-mini', { priority: 1, conditions: { providers: ['openai', 'azure'], models: ['gpt-4o-mini'] } }),
      ],
    };
    const run_ = hooksFor(config);
    expect(textOf(responseOf(await run_(chatRequest({ provider: 'anthropic', model: 'claude' }))))).toBe('from anthropic-only');
    expect(textOf(responseOf(await run_(chatRequest({ provider: 'azure', model: 'gpt-4o-mini' }))))).toBe('from gpt-4o-mini');
    expect(await run_(chatRequest({ provider: 'openai', model: 'gpt-4o' }))).toBeUndefined();
  });

  it('matches message_regex against string content and text parts of every message', async () => {
    const run_ = hooksFor({ rules: [rule('weather', { conditions: { message_regex: 'weather in \\w+' } })] });
    expect(await run_()).toBeUndefined();
    expect(responseOf(await run_(chatRequest({ messages: [{ role: 'user', content: 'the weather in Oslo?' }] })))).toBeDefined();
    const parts = chatRequest({
      messages: [
        { role: 'system', content: 'You are helpful.' },
        {
          role: 'user',
          content: [
            { type: 'image_url', image_url: { url: 'https://example.com/weather in Oslo.png' } },
            { type: 'text', text: 'What is the weather in Paris' },
          ],
        },
      ],
    });
    expect(textOf(responseOf(await run_(parts)))).toBe('from weather');
    const onlyInImageUrl = chatRequest({
      messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'weather in Oslo' } }] }],
    });
    expect(await run_(onlyInImageUrl)).toBeUndefined();
  });

  it('joins messages so a regex can span them, and accepts a Go-style (?i) prefix', async () => {
    const spanning = hooksFor({ rules: [rule('r', { conditions: { message_regex: 'first second' } })] });
    const twoMessages = chatRequest({
      messages: [
        { role: 'user', content: 'first' },
        { role: 'assistant', content: null },
        { role: 'user', content: 'second' },
      ],
    });
    expect(responseOf(await spanning(twoMessages))).toBeDefined();

    const caseless = hooksFor({ rules: [rule('r', { conditions: { message_regex: '(?i)^HELLO' } })] });
    expect(responseOf(await caseless())).toBeDefined();
    const caseful = hooksFor({ rules: [rule('r', { conditions: { message_regex: '^HELLO' } })] });
    expect(await caseful()).toBeUndefined();
  });

  it('matches request_size against the byte length of the messages as JSON', async () => {
    const messages: ChatRequest['messages'] = [{ role: 'user', content: 'héllo' }];
    const size = new TextEncoder().encode(JSON.stringify(messages)).byteLength;
    expect(size).toBe(JSON.stringify(messages).length + 1); // é is two bytes in UTF-8
    const req = chatRequest({ messages });
    const within = { rules: [rule('r', { conditions: { request_size: { min: size, max: size } } })] };
    const tooSmall = { rules: [rule('r', { conditions: { request_size: { min: 0, max: size - 1 } } })] };
    const tooBig = { rules: [rule('r', { conditions: { request_size: { min: size + 1 } } })] };
    expect(responseOf(await run(within, req))).toBeDefined();
    expect(await run(tooSmall, req)).toBeUndefined();
    expect(await run(tooBig, req)).toBeUndefined();
  });

  it('requires every condition of a rule to match', async () => {
    const config = { rules: [rule('r', { conditions: { providers: ['openai'], message_regex: 'bye' } })] };
    expect(await run(config)).toBeUndefined();
    expect(responseOf(await run(config, chatRequest({ messages: [{ role: 'user', content: 'bye' }] })))).toBeDefined();
  });
});

describe('rule selection', () => {
  it('checks higher priority first, keeps listed order on ties, and skips disabled rules', async () => {
    const config = {
      rules: [
        rule('low', { priority: -5 }),
        rule('tie-first', { priority: 10 }),
        rule('tie-second', { priority: 10 }),
        rule('disabled', { priority: 100, enabled: false }),
      ],
    };
    expect(textOf(responseOf(await run(config)))).toBe('from tie-first');
  });

  it('never fires at probability 0 and goes on to the next matching rule', async () => {
    const run_ = hooksFor({ rules: [rule('never', { priority: 1, probability: 0 }), rule('next')] }, Math.random);
    for (let i = 0; i < 50; i++) expect(textOf(responseOf(await run_()))).toBe('from next');
    expect(await run({ rules: [rule('never', { probability: 0 })] }, chatRequest(), Math.random)).toBeUndefined();
  });

  it('always fires at probability 1', async () => {
    const run_ = hooksFor({ rules: [rule('always', { priority: 1, probability: 1 }), rule('next')] }, Math.random);
    for (let i = 0; i < 50; i++) expect(textOf(responseOf(await run_()))).toBe('from always');
  });

  it('rolls in between: a roll under the probability fires, a roll over it moves on', async () => {
    const config = { rules: [rule('half', { priority: 1, probability: 0.5 }), rule('next')] };
    expect(textOf(responseOf(await run(config, chatRequest(), sequence(0.49))))).toBe('from half');
    expect(textOf(responseOf(await run(config, chatRequest(), sequence(0.5))))).toBe('from next');
  });

  it('a failed roll with nothing else matching falls to default_behavior', async () => {
    const config = { default_behavior: 'error', rules: [rule('half', { probability: 0.5 })] };
    expect(errorOf(await run(config, chatRequest(), sequence(0.9))).message).toBe(DEFAULT_MOCK_ERROR);
  });

  it('picks a response by weight', async () => {
    const config = { rules: [{ name: 'r', responses: [success('light', { weight: 1 }), success('heavy', { weight: 3 })] }] };
    // Total weight 4: a roll r lands at r * 4; below 1 is "light", the rest is "heavy".
    expect(textOf(responseOf(await run(config, chatRequest(), sequence(0))))).toBe('light');
    expect(textOf(responseOf(await run(config, chatRequest(), sequence(0.24))))).toBe('light');
    expect(textOf(responseOf(await run(config, chatRequest(), sequence(0.25))))).toBe('heavy');
    expect(textOf(responseOf(await run(config, chatRequest(), sequence(0.999))))).toBe('heavy');
  });

  it('mixes success and error responses by weight', async () => {
    const config = {
      rules: [
        {
          name: 'flaky',
          responses: [success('ok', { weight: 0.8 }), { type: 'error', weight: 0.2, error: { message: 'flaked' } }],
        },
      ],
    };
    expect(textOf(responseOf(await run(config, chatRequest(), sequence(0.5))))).toBe('ok');
    expect(errorOf(await run(config, chatRequest(), sequence(0.9))).message).toBe('flaked');
  });
});

describe('success responses', () => {
  it('builds a ChatResponse from the rule', async () => {
    const before = Math.floor(Date.now() / 1000);
    const res = responseOf(await run({ rules: [rule('r')] }));
    const after = Math.floor(Date.now() / 1000);
    expect(res).toMatchObject({
      id: 'mock-req-1',
      model: 'gpt-4o',
      provider: 'openai',
      choices: [{ index: 0, message: { role: 'assistant', content: 'from r' }, finishReason: { unified: 'stop', raw: 'stop' } }],
      usage: { prompt_tokens: 10, completion_tokens: 20, total_tokens: 30 },
    });
    expect(res.created).toBeGreaterThanOrEqual(before);
    expect(res.created).toBeLessThanOrEqual(after);
    expect(res.extra).toBeUndefined();
  });

  it('substitutes {{provider}} and {{model}}, and the template wins over message', async () => {
    const config = {
      rules: [
        {
          name: 'r',
          responses: [{ type: 'success', content: { message: 'ignored', message_template: '{{model}} via {{provider}}, {{model}} again' } }],
        },
      ],
    };
    const res = responseOf(await run(config, chatRequest({ provider: 'groq', model: 'llama-3' })));
    expect(textOf(res)).toBe('llama-3 via groq, llama-3 again');
  });

  it('overrides the model, usage and finish reason, and echoes custom_fields', async () => {
    const content = {
      message: 'cut',
      model: 'mock-model',
      usage: { prompt_tokens: 1, completion_tokens: 2, total_tokens: 99 },
      finish_reason: 'length',
      custom_fields: { system_fingerprint: 'fp_mock', tier: { level: 2 } },
    };
    const res = responseOf(await run({ rules: [{ name: 'r', responses: [{ type: 'success', content }] }] }));
    expect(res.model).toBe('mock-model');
    expect(res.usage).toEqual({ prompt_tokens: 1, completion_tokens: 2, total_tokens: 99 });
    expect(res.choices[0]?.finishReason).toEqual({ unified: 'length', raw: 'length' });
    expect(res.extra).toEqual({ system_fingerprint: 'fp_mock', tier: { level: 2 } });
  });

  it('maps finish reasons it does not know to other, keeping the raw one', async () => {
    const config = { rules: [{ name: 'r', responses: [{ type: 'success', content: { message: 'x', finish_reason: 'end_turn' } }] }] };
    expect(responseOf(await run(config)).choices[0]?.finishReason).toEqual({ unified: 'other', raw: 'end_turn' });
  });
});

describe('streamed success responses', () => {
  const message = 'Streaming  mock\nresponse, in words. ';

  it('emits start, word-sized deltas that join to the message, then finish with usage', async () => {
    const config = { rules: [{ name: 'r', responses: [{ type: 'success', content: { message, finish_reason: 'stop' } }] }] };
    const events = await eventsOf(await run(config, chatRequest({ stream: true })));

    const [first, ...rest] = events;
    expect(first).toMatchObject({ type: 'start', id: 'mock-req-1', model: 'gpt-4o' });
    expect(first?.type === 'start' && typeof first.created).toBe('number');

    const last = rest.pop();
    expect(last).toEqual({
      type: 'finish',
      index: 0,
      finishReason: { unified: 'stop', raw: 'stop' },
      usage: { prompt_tokens: 10, completion_tokens: 20, total_tokens: 30 },
    });

    expect(rest.every((e) => e.type === 'text-delta' && e.index === 0)).toBe(true);
    const deltas = rest.flatMap((e) => (e.type === 'text-delta' ? [e.text] : []));
    expect(deltas).toEqual(['Streaming  ', 'mock\n', 'response, ', 'in ', 'words. ']);
    expect(deltas.join('')).toBe(message);
  });

  it('streams the model override, the template and custom_fields on start', async () => {
    const config = {
      rules: [
        {
          name: 'r',
          responses: [{ type: 'success', content: { message_template: 'hi from {{provider}}', model: 'm2', custom_fields: { a: 1 } } }],
        },
      ],
    };
    const events = await eventsOf(await run(config, chatRequest({ stream: true })));
    expect(events[0]).toMatchObject({ type: 'start', model: 'm2', extra: { a: 1 } });
    expect(events.flatMap((e) => (e.type === 'text-delta' ? [e.text] : [])).join('')).toBe('hi from openai');
  });

  it('splits any text so the pieces join back to it', () => {
    for (const text of ['', ' ', '  leading', 'trailing  ', 'one', 'a\tb\n\nc', ' x  y ']) {
      const pieces = splitWords(text);
      expect(pieces.join('')).toBe(text);
      expect(pieces.every((p) => p.length > 0)).toBe(true);
    }
    expect(splitWords('  lead word')).toEqual(['  ', 'lead ', 'word']);
  });
});

describe('error responses', () => {
  it('returns a GatewayError with the configured status, type, code and allow_fallbacks', async () => {
    const config = {
      rules: [
        {
          name: 'rate-limit',
          responses: [
            {
              type: 'error',
              allow_fallbacks: false,
              error: { message: 'Rate limit exceeded', type: 'rate_limit', code: '429', status_code: 429 },
            },
          ],
        },
      ],
    };
    const err = errorOf(await run(config));
    expect(err).toBeInstanceOf(GatewayError);
    expect(err).toMatchObject({ status: 429, type: 'rate_limit', code: '429', message: 'Rate limit exceeded', allowFallbacks: false });
  });

  it('defaults to a 500 mock_error with fallbacks left undecided, also when streaming', async () => {
    const config = { rules: [{ name: 'r', responses: [{ type: 'error', error: { message: 'boom' } }] }] };
    for (const stream of [false, true]) {
      const err = errorOf(await run(config, chatRequest({ stream })));
      expect(err).toMatchObject({ status: 500, type: 'mock_error', code: null, message: 'boom' });
      expect(err.allowFallbacks).toBeUndefined();
    }
  });
});

describe('default_behavior', () => {
  const unmatched = { rules: [rule('elsewhere', { conditions: { providers: ['bedrock'] } })] };

  it('passthrough returns nothing', async () => {
    expect(await run(unmatched)).toBeUndefined();
    expect(await run({})).toBeUndefined();
  });

  it('success returns the default mock message', async () => {
    const res = responseOf(await run({ ...unmatched, default_behavior: 'success' }));
    expect(textOf(res)).toBe(DEFAULT_MOCK_MESSAGE);
    expect(textOf(res)).toBe('This is a mock response from the Mocker plugin');
    expect(res).toMatchObject({ id: 'mock-req-1', provider: 'openai', model: 'gpt-4o' });
    const events = await eventsOf(await run({ default_behavior: 'success' }, chatRequest({ stream: true })));
    expect(events.flatMap((e) => (e.type === 'text-delta' ? [e.text] : [])).join('')).toBe(DEFAULT_MOCK_MESSAGE);
  });

  it('error returns a 500 saying no rule matched', async () => {
    const err = errorOf(await run({ ...unmatched, default_behavior: 'error' }));
    expect(err).toMatchObject({ status: 500, message: 'Mocker: no rule matched' });
  });
});

describe('latency', () => {
  it('answers synchronously when there is no latency', () => {
    const result = hooksFor({ rules: [rule('r')] })();
    expect(result).not.toBeInstanceOf(Promise);
    expect(responseOf(result as PreLLMResult)).toBeDefined();
  });

  it('waits a fixed latency before answering', async () => {
    const started = Date.now();
    const pending = hooksFor({ rules: [rule('r', { latency: { type: 'fixed', min: 30 } })] })();
    expect(pending).toBeInstanceOf(Promise);
    const res = responseOf(await pending);
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
    expect(textOf(res)).toBe('from r');
  });

  it('applies global_latency to rules without their own, and a rule latency overrides it', async () => {
    const started = Date.now();
    const config = {
      global_latency: { type: 'fixed', min: 30 },
      rules: [rule('own', { priority: 1, conditions: { models: ['fast'] }, latency: { type: 'fixed', min: 0 } }), rule('global')],
    };
    const run_ = hooksFor(config);
    const fast = run_(chatRequest({ model: 'fast' }));
    expect(fast).not.toBeInstanceOf(Promise);
    expect(textOf(responseOf(fast as PreLLMResult))).toBe('from own');
    expect(textOf(responseOf(await run_()))).toBe('from global');
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
  });

  it('draws a uniform latency between min and max', async () => {
    const started = Date.now();
    // min 10 + 0.5 * (50 - 10) = 30 ms
    const config = { rules: [rule('r', { latency: { type: 'uniform', min: 10, max: 50 } })] };
    responseOf(await run(config, chatRequest(), sequence(0.5)));
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
  });

  it('applies global_latency to default_behavior mocks but not to passthrough', async () => {
    const config = { global_latency: { type: 'fixed', min: 30 } };
    expect(hooksFor(config)()).toBeUndefined();
    const started = Date.now();
    const pending = hooksFor({ ...config, default_behavior: 'error' })();
    expect(pending).toBeInstanceOf(Promise);
    expect(errorOf(await pending).status).toBe(500);
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
  });
});
