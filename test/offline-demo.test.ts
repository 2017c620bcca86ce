import { describe, expect, it } from 'vitest';
import shipped from '../config.json';
import { bundledPlugins } from '../plugins';
import { chat, testGateway, upstreamRecords, USER_HELLO } from './support/gateway';

// The shipped config's mocker is the offline demo: it must answer where `npm start` runs the gateway
// (HEIMDALL_OFFLINE_DEMO set in .dev.vars), and never in a deploy of the same config.

const mockerEntry = shipped.plugins.find((p) => p.name === 'mocker')!;
const gateway = (vars: Record<string, string>) => testGateway({ plugins: bundledPlugins, entries: [mockerEntry], vars });
const health = async (gw: ReturnType<typeof gateway>) => (await (await gw.fetch('/health')).json<any>()).mocker;

describe("the shipped config's mocker", () => {
  it('names the variable npm start sets', () => {
    expect(mockerEntry.config).toMatchObject({ requires_env: 'HEIMDALL_OFFLINE_DEMO' });
  });

  it('answers, and says so in a header and /health, where HEIMDALL_OFFLINE_DEMO is set', async () => {
    const gw = gateway({ HEIMDALL_OFFLINE_DEMO: '1' });
    const res = await gw.fetch('/v1/chat/completions', chat({ model: 'openai/gpt-4.1-nano', messages: USER_HELLO, user: 'demo-on' }));
    expect(res.status).toBe(200);
    expect(res.headers.get('x-heimdall-answered-by')).toBe('mocker');
    expect((await res.json<any>()).choices[0].message.content).toContain("Heimdall's mocker");
    expect(await upstreamRecords('demo-on')).toHaveLength(0);
    expect(await health(gw)).toBe('answering');
    const streamed = await gw.fetch('/v1/chat/completions', chat({ model: 'openai/gpt-4.1-nano', messages: USER_HELLO, stream: true }));
    expect(streamed.headers.get('x-heimdall-answered-by')).toBe('mocker');
    await streamed.text();
  });

  for (const value of [undefined, '', '0', 'false']) {
    it(`calls the provider where the variable is ${value === undefined ? 'absent' : JSON.stringify(value)} (a deploy)`, async () => {
      const gw = gateway(value === undefined ? {} : { HEIMDALL_OFFLINE_DEMO: value });
      const tag = `demo-off-${value ?? 'absent'}`;
      const res = await gw.fetch('/v1/chat/completions', chat({ model: 'openai/gpt-4.1-nano', messages: USER_HELLO, user: tag }));
      expect(res.status).toBe(200);
      expect(res.headers.has('x-heimdall-answered-by')).toBe(false);
      expect((await res.json<any>()).choices[0].message.content).toMatch(/Galaxy Day/);
      expect(await upstreamRecords(tag)).toHaveLength(1);
      expect(await health(gw)).toBe('off');
    });
  }
});
