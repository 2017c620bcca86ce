import { createOpenAI } from '@ai-sdk/openai';
import { generateObject, generateText, stepCountIs, streamText, tool } from 'ai';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { testGateway, upstreamRecords } from '../support/gateway';
import { TOOL_RESULT_QUOTE } from '../support/upstreams/tool-loop';
import { gatewayFetch, jsonAskedFor, testTag, toolResultSent } from './client-support';

// The Vercel AI SDK's OpenAI provider, unmodified, pointed at the Worker: its default model
// (`openai(id)`, the Responses API, POST /v1/responses) and its chat model (`openai.chat(id)`,
// POST /v1/chat/completions), against the scripted tool-loop model on the OpenAI provider.

const gw = testGateway();
const openai = createOpenAI({ baseURL: 'http://gateway.test/v1', apiKey: 'unused-by-the-gateway', fetch: gatewayFetch(gw) });
const MODEL = 'openai/tool-loop';
const NO_TOOL = 'No tool was offered, so none was called.';

const weather = tool({
  description: 'The weather in a city',
  inputSchema: z.object({ city: z.string() }),
  execute: async ({ city }) => `sunny in ${city}, 21 degrees`,
});
const ANSWER = `${TOOL_RESULT_QUOTE}sunny in heimdall, 21 degrees`;
const recipe = z.object({ name: z.string(), servings: z.number(), steps: z.array(z.string()), vegan: z.boolean() });

for (const [mode, model] of [
  ['default (Responses API)', openai(MODEL)],
  ['chat', openai.chat(MODEL)],
] as const) {
  describe(`AI SDK createOpenAI ${mode}`, () => {
    const tagged = (name: string) => {
      const tag = testTag(name);
      return { tag, providerOptions: { openai: { user: tag } } };
    };

    it('generateText', async () => {
      const { tag, providerOptions } = tagged('generate-text');
      const result = await generateText({ model, prompt: 'Say something.', providerOptions });
      expect(result.text).toBe(NO_TOOL);
      expect(result.finishReason).toBe('stop');
      expect(result.usage.inputTokens).toBeGreaterThan(0);
      expect(result.usage.outputTokens).toBeGreaterThan(0);
      expect(await upstreamRecords(tag)).toHaveLength(1);
    });

    it('streamText', async () => {
      const { tag, providerOptions } = tagged('stream-text');
      const result = streamText({ model, prompt: 'Say something.', providerOptions });
      let text = '';
      let deltas = 0;
      for await (const delta of result.textStream) {
        text += delta;
        deltas++;
      }
      expect(text).toBe(NO_TOOL);
      expect(deltas).toBeGreaterThan(1);
      expect(await result.finishReason).toBe('stop');
      expect((await result.usage).outputTokens).toBeGreaterThan(0);
      const [sent] = await upstreamRecords(tag);
      expect(sent!.body.stream).toBe(true);
    });

    it('a tool() round trip with generateText', async () => {
      const { tag, providerOptions } = tagged('tool-generate');
      const result = await generateText({ model, prompt: 'What is the weather?', tools: { weather }, stopWhen: stepCountIs(3), providerOptions });
      expect(result.steps).toHaveLength(2);
      expect(result.steps[0]!.toolCalls).toMatchObject([{ toolName: 'weather', input: { city: 'heimdall' } }]);
      expect(result.text).toBe(ANSWER);
      const sent = await upstreamRecords(tag);
      expect(sent).toHaveLength(2);
      expect(toolResultSent(sent[0]!.body)).toBeUndefined();
      expect(toolResultSent(sent[1]!.body)).toContain('sunny in heimdall, 21 degrees');
    });

    it('a tool() round trip with streamText', async () => {
      const { tag, providerOptions } = tagged('tool-stream');
      const result = streamText({ model, prompt: 'What is the weather?', tools: { weather }, stopWhen: stepCountIs(3), providerOptions });
      expect(await result.text).toBe(ANSWER);
      const steps = await result.steps;
      expect(steps[0]!.toolResults).toMatchObject([{ toolName: 'weather', output: 'sunny in heimdall, 21 degrees' }]);
      const sent = await upstreamRecords(tag);
      expect(sent.map((r) => r.body.stream)).toEqual([true, true]);
      expect(toolResultSent(sent[1]!.body)).toContain('sunny in heimdall, 21 degrees');
    });

    it('generateObject', async () => {
      const { tag, providerOptions } = tagged('generate-object');
      const { object } = await generateObject({ model, schema: recipe, prompt: 'A recipe, please.', providerOptions });
      expect(object).toEqual({ name: 'heimdall', servings: 1, steps: [], vegan: true });
      const [sent] = await upstreamRecords(tag);
      expect(jsonAskedFor(sent!.body)).toBe(true);
    });
  });
}
