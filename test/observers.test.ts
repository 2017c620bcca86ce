import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { definePlugin, type FinishedRequest, type PluginDefinition, type PluginHooks } from '../src/sdk';
import { chat, readSse, testGateway, USER_HELLO } from './support/gateway';
import { entry } from './support/recording-plugin';

// onRequestEnd: once per request, after the response, with the finished request; isolated and
// time-bounded like every hook, so a broken observer costs neither the response nor the others.

const plugin = (name: string, hooks: PluginHooks, extra: Partial<PluginDefinition> = {}) =>
  definePlugin({ name, configSchema: z.object({}), init: () => hooks, ...extra }) as PluginDefinition;

async function waitFor<T>(read: () => T | undefined): Promise<T> {
  for (let i = 0; i < 200; i++) {
    const value = read();
    if (value !== undefined) return value;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error('timed out waiting');
}

describe('observers', () => {
  it('run once per request after the response, each isolated: one that throws or hangs is recorded, the others still see the request', async () => {
    const seen: FinishedRequest[] = [];
    // Set once the response is in the client's hands; an observer notes whether it ran after that.
    let responded = false;
    let ranAfterResponse: boolean | undefined;
    const plugins = [
      plugin('throws', { onRequestEnd: () => { throw new Error('observer bug'); } }),
      plugin('hangs', { onRequestEnd: () => new Promise<void>(() => {}) }, { hookTimeoutMs: 50 }),
      plugin('keeps', { onRequestEnd: (_ctx, f) => { ranAfterResponse = responded; seen.push(f); } }, { failClosed: true }),
    ];
    const gw = testGateway({ plugins, entries: plugins.map((p) => entry(p.name)), client: { metrics_flush_interval_ms: 0 } });
    const res = await gw.fetch('/v1/chat/completions', chat({ model: 'openai/gpt-4.1-nano', messages: USER_HELLO }, { 'x-request-id': 'obs-1' }));
    responded = true;
    expect(res.status).toBe(200);
    const finished = await waitFor(() => seen.find((f) => f.requestId === 'obs-1'));
    expect(ranAfterResponse).toBe(true);
    expect(finished).toMatchObject({ status: 200, kind: 'chat', stream: false, route: '/v1/chat/completions', requestedModel: 'openai/gpt-4.1-nano' });
    expect(finished.attempts).toHaveLength(1);
    expect(finished.answer).toMatchObject({ index: 0, provider: 'openai', model: 'gpt-4.1-nano', result: 'response', answeredBy: null, usage: { input: 16, output: 363, total: 379 } });
    expect(finished.answer!.tries).toMatchObject([{ try: 0, status: 200, key: 'k1' }]);
    // Observers leave no hook entries in the timeline they are handed.
    expect(finished.hooks.filter((h) => h.hook === 'onRequestEnd')).toEqual([]);
    await new Promise((r) => setTimeout(r, 100));
    expect(seen.filter((f) => f.requestId === 'obs-1')).toHaveLength(1);
    const text = await (await gw.fetch('/metrics')).text();
    expect(text).toMatch(/heimdall_plugin_failures_total\{hook="onRequestEnd",plugin="throws",timed_out="false"\} 1/);
    expect(text).toMatch(/heimdall_plugin_failures_total\{hook="onRequestEnd",plugin="hangs",timed_out="true"\} 1/);
  });

  it('see a stream the client hung up on as cut off by the client, once', async () => {
    const seen: FinishedRequest[] = [];
    const keeps = plugin('keeps-streams', { onRequestEnd: (_ctx, f) => void seen.push(f) });
    const gw = testGateway({ plugins: [keeps], entries: [entry('keeps-streams')] });
    const res = await gw.fetch('/v1/chat/completions', chat({ model: 'openai/slow-stream', messages: USER_HELLO, stream: true }, { 'x-request-id': 'obs-hangup' }));
    const reader = res.body!.getReader();
    expect((await reader.read()).done).toBe(false);
    await reader.cancel();
    const finished = await waitFor(() => seen.find((f) => f.requestId === 'obs-hangup'));
    expect(finished).toMatchObject({ status: 200, stream: true, error: { status: 499, type: 'client_closed' } });
    expect(finished.answer).toMatchObject({ result: 'stream', error: { type: 'client_closed' } });
    expect(finished.answer!.end).toBeTypeOf('number');
    await new Promise((r) => setTimeout(r, 100));
    expect(seen.filter((f) => f.requestId === 'obs-hangup')).toHaveLength(1);
  });

  it('see a finished stream with its facts: assembled text, finish, usage, time to first token', async () => {
    const seen: FinishedRequest[] = [];
    const keeps = plugin('keeps-facts', { onRequestEnd: (_ctx, f) => void seen.push(f) });
    const gw = testGateway({ plugins: [keeps], entries: [entry('keeps-facts')] });
    const data = await readSse(await gw.fetch('/v1/chat/completions', chat({ model: 'openai/gpt-4.1-nano', messages: USER_HELLO, stream: true }, { 'x-request-id': 'obs-stream' })));
    const text = data.filter((d) => d !== '[DONE]').map((d) => JSON.parse(d).choices[0]?.delta?.content ?? '').join('');
    const finished = await waitFor(() => seen.find((f) => f.requestId === 'obs-stream'));
    expect(finished.error).toBeNull();
    expect(finished.answer).toMatchObject({ result: 'stream', stream: true, outputText: text, finishReasons: ['stop'], usage: { input: 16, output: 300 }, error: null });
    expect(finished.answer!.firstTokenAt).toBeGreaterThanOrEqual(finished.answer!.start);
    expect(finished.answer!.interTokenSeconds.length).toBeGreaterThan(250);
  });
});
