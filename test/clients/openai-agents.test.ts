import { Agent, run, setDefaultOpenAIClient, setTracingDisabled, tool } from '@openai/agents';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { testGateway, upstreamRecords } from '../support/gateway';
import { TOOL_RESULT_QUOTE } from '../support/upstreams/tool-loop';
import { gatewayFetch, testTag, toolResultSent } from './client-support';

// The OpenAI Agents SDK, unmodified, with its default model provider (the Responses API through
// the openai client, here pointed at the Worker) running a one-tool agent against the scripted
// tool-loop model, on an OpenAI target and on an Anthropic one.

const gw = testGateway();
setDefaultOpenAIClient(new OpenAI({ apiKey: 'unused-by-the-gateway', baseURL: 'http://gateway.test/v1', fetch: gatewayFetch(gw), maxRetries: 0 }));
// Its traces would go to api.openai.com.
setTracingDisabled(true);

const getWeather = tool({
  name: 'get_weather',
  description: 'The weather in a city',
  parameters: z.object({ city: z.string() }),
  execute: async ({ city }) => `sunny in ${city}, 21 degrees`,
});

describe('the OpenAI Agents SDK, default provider', () => {
  for (const model of ['openai/tool-loop', 'anthropic/claude-sonnet-4-5-tool-loop']) {
    it(`runs a one-tool agent on ${model}`, async () => {
      const tag = testTag(`agents-${model}`);
      const agent = new Agent({ name: 'Weather', instructions: 'Answer with the weather.', model, tools: [getWeather], modelSettings: { providerData: { user: tag } } });
      const result = await run(agent, 'What is the weather?');
      expect(result.finalOutput).toBe(`${TOOL_RESULT_QUOTE}sunny in heimdall, 21 degrees`);
      const calls = result.newItems.filter((item) => item.type === 'tool_call_item');
      expect(calls).toHaveLength(1);
      const sent = await upstreamRecords(tag);
      expect(sent).toHaveLength(2);
      expect(toolResultSent(sent[0]!.body)).toBeUndefined();
      expect(toolResultSent(sent[1]!.body)).toContain('sunny in heimdall, 21 degrees');
    });

    it(`runs it streamed on ${model}`, async () => {
      const tag = testTag(`agents-stream-${model}`);
      const agent = new Agent({ name: 'Weather', instructions: 'Answer with the weather.', model, tools: [getWeather], modelSettings: { providerData: { user: tag } } });
      const result = await run(agent, 'What is the weather?', { stream: true });
      let text = '';
      for await (const chunk of result.toTextStream()) text += chunk;
      await result.completed;
      expect(text).toBe(`${TOOL_RESULT_QUOTE}sunny in heimdall, 21 degrees`);
      expect(result.finalOutput).toBe(text);
      const sent = await upstreamRecords(tag);
      expect(sent.map((r) => r.body.stream)).toEqual([true, true]);
      expect(toolResultSent(sent[1]!.body)).toContain('sunny in heimdall, 21 degrees');
    });
  }
});
