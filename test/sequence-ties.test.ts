import { describe, expect, it } from 'vitest';
import { chat, testGateway, USER_HELLO } from './support/gateway';
import { entry, recordingPlugin } from './support/recording-plugin';

// Two plugins with the same placement and order run in registration order (their order in the
// bundle's list), wherever the sequence was read from: the config file, D1 (which lists rows by
// name), or a reorder through the API.

const ADMIN = { authorization: 'Bearer test-admin-token', 'content-type': 'application/json' };
const trace: string[] = [];
// Registered zeta first: alphabetical order would put alpha first.
const catalog = [recordingPlugin('zeta', trace), recordingPlugin('alpha', trace)];
const gateway = () => testGateway({ plugins: catalog, entries: [entry('alpha', 'post_builtin', 0), entry('zeta', 'post_builtin', 0)], storage: true, client: { plugin_refresh_interval_ms: 0 } });

async function preOrder(gw: ReturnType<typeof testGateway>): Promise<string[]> {
  trace.length = 0;
  expect((await gw.fetch('/v1/chat/completions', chat({ model: 'openai/gpt-4.1-nano', messages: USER_HELLO }))).status).toBe(200);
  return trace.filter((t) => t.endsWith('.preLLM'));
}

describe('tied plugins keep registration order', () => {
  it('from the config file and D1, after a restart, and after an API reorder', async () => {
    expect(await preOrder(gateway())).toEqual(['zeta.preLLM', 'alpha.preLLM']);
    // A new isolate reads the sequence back from D1.
    const restarted = gateway();
    expect(await preOrder(restarted)).toEqual(['zeta.preLLM', 'alpha.preLLM']);
    const res = await restarted.fetch('/api/plugins/sequence', {
      method: 'PUT',
      headers: ADMIN,
      body: JSON.stringify({ plugins: [{ name: 'alpha', placement: 'post_builtin', order: 3 }, { name: 'zeta', placement: 'post_builtin', order: 3 }] }),
    });
    expect(res.status).toBe(200);
    expect(await preOrder(restarted)).toEqual(['zeta.preLLM', 'alpha.preLLM']);
    expect(await preOrder(gateway())).toEqual(['zeta.preLLM', 'alpha.preLLM']);
    // The API lists the sequence in the order it runs.
    const listed = (await (await restarted.fetch('/api/plugins', { headers: ADMIN })).json<any>()).plugins.map((p: any) => p.name);
    expect(listed).toEqual(['zeta', 'alpha']);
  });
});
