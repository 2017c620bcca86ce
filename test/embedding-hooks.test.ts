import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { definePlugin, type LLMRequest, type PluginDefinition } from '../src/sdk';
import { testGateway, upstreamRecords } from './support/gateway';
import { entry } from './support/recording-plugin';

// The LLM hooks see every request kind as one union: a plugin switches on `req.kind`, never on
// the URL, and may answer an embedding request itself.

const post = (gw: ReturnType<typeof testGateway>, body: unknown) =>
  gw.fetch('/v1/embeddings', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

function embeddingStub(seen: LLMRequest[]): PluginDefinition {
  return definePlugin({
    name: 'embedding-stub',
    configSchema: z.object({}),
    init: () => ({
      preLLMHook(_ctx, req) {
        seen.push(req);
        if (req.kind !== 'embedding' || !req.input.includes('stub me')) return;
        return { response: { kind: 'embedding', model: req.model, provider: req.provider, embeddings: req.input.map((_, i) => [i, 0.5]), usage: { prompt_tokens: 3, total_tokens: 3 }, extraFields: { stubbed: true } } };
      },
    }),
  }) as PluginDefinition;
}

describe('embeddings through the LLM hooks', () => {
  const seen: LLMRequest[] = [];
  const gw = testGateway({ plugins: [embeddingStub(seen)], entries: [entry('embedding-stub')] });

  it('a pre hook sees the embedding request, and its answer short-circuits the provider', async () => {
    const res = await post(gw, { model: 'openai/text-embedding-3-small', input: ['stub me', 'and me'], user: 'emb-stub' });
    expect(res.status).toBe(200);
    const body = await res.json<any>();
    expect(body.data.map((d: any) => d.embedding)).toEqual([[0, 0.5], [1, 0.5]]);
    expect(body.usage).toEqual({ prompt_tokens: 3, total_tokens: 3 });
    // A plugin's answer cost nothing; its own fields ride along.
    expect(body.extra_fields).toEqual({ stubbed: true, provider: 'openai', fallback_index: 0, cost: 0 });
    expect(seen.at(-1)).toMatchObject({ kind: 'embedding', provider: 'openai', model: 'text-embedding-3-small', input: ['stub me', 'and me'], encodingFormat: 'float' });
    expect(await upstreamRecords('emb-stub')).toHaveLength(0);
  });

  it('a request it lets through reaches the provider', async () => {
    const res = await post(gw, { model: 'openai/text-embedding-3-small', input: 'real', user: 'emb-through' });
    expect(res.status).toBe(200);
    expect((await res.json<any>()).extra_fields.cost).toBeGreaterThan(0);
    expect(await upstreamRecords('emb-through')).toHaveLength(1);
  });

  it('a chat answer to an embedding request is refused and recorded as the plugin\'s failure', async () => {
    const wrong = definePlugin({
      name: 'wrong-kind',
      configSchema: z.object({}),
      init: () => ({
        preLLMHook: () => ({ response: { kind: 'chat', id: 'x', created: 0, model: 'm', provider: 'openai', choices: [] } }),
      }),
    }) as PluginDefinition;
    const g = testGateway({ plugins: [wrong], entries: [entry('wrong-kind')], client: { metrics_flush_interval_ms: 0 } });
    const res = await post(g, { model: 'openai/text-embedding-3-small', input: 'x', user: 'emb-wrong-kind' });
    expect(res.status).toBe(200);
    expect((await res.json<any>()).object).toBe('list');
    expect(await upstreamRecords('emb-wrong-kind')).toHaveLength(1);
    expect(await (await g.fetch('/metrics')).text()).toMatch(/heimdall_plugin_failures_total\{[^}]*plugin="wrong-kind"[^}]*\} 1/);
  });
});
