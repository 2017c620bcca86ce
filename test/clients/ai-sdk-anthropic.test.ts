import { createAnthropic } from '@ai-sdk/anthropic';
import { generateObject, generateText, stepCountIs, streamText, tool } from 'ai';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { testGateway, upstreamRecords } from '../support/gateway';
import { TOOL_RESULT_QUOTE } from '../support/upstreams/tool-loop';
import { gatewayFetch, jsonAskedFor, testTag, toolResultSent } from './client-support';

// The Vercel AI SDK's Anthropic provider, unmodified, pointed at the Worker's /anthropic (the
// Messages API), against the scripted tool-loop model on the Anthropic provider.

const gw = testGateway();
const anthropic = createAnthropic({ baseURL: 'http://gateway.test/anthropic/v1', apiKey: 'unused-by-the-gateway', fetch: gatewayFetch(gw) });
// A name the SDK and the gateway know as Claude Sonnet 4.5 (structured outputs, strict tools);
// the bare `tool-loop` is a model neither knows.
const model = anthropic('anthropic/claude-sonnet-4-5-tool-loop');
const unknownModel = anthropic('anthropic/tool-loop');

const tagged = (name: string, extra: Record<string, unknown> = {}) => {
  const tag = testTag(name);
  return { tag, providerOptions: { anthropic: { metadata: { userId: tag }, ...extra } } };
};
const recipe = z.object({ name: z.string(), servings: z.number(), steps: z.array(z.string()), vegan: z.boolean() });
const RECIPE = { name: 'heimdall', servings: 1, steps: [], vegan: true };

describe('AI SDK createAnthropic', () => {
  // For a model it does not know, the SDK asks for JSON with a `json` tool it forces.
  it('generateObject on a model without structured outputs (the SDK forces its json tool)', async () => {
    const { tag, providerOptions } = tagged('object-json-tool');
    const { object } = await generateObject({ model: unknownModel, schema: recipe, prompt: 'A recipe, please.', providerOptions });
    expect(object).toEqual(RECIPE);
    const [sent] = await upstreamRecords(tag);
    expect(sent!.body.tool_choice).toMatchObject({ type: 'any' });
    expect(sent!.body.tools).toMatchObject([{ name: 'json' }]);
  });

  // For Claude models that have structured outputs it sends output_config.format.
  it('generateObject on a model with structured outputs (output_config.format)', async () => {
    const { tag, providerOptions } = tagged('object-output-format');
    const outcome = await generateObject({ model, schema: recipe, prompt: 'A recipe, please.', providerOptions }).catch((e: unknown) => e);
    // The upstream's body first: without the format the scripted model answers free text.
    const [sent] = await upstreamRecords(tag);
    expect(sent!.body.output_config).toMatchObject({ format: { type: 'json_schema', schema: { required: ['name', 'servings', 'steps', 'vegan'] } } });
    expect(jsonAskedFor(sent!.body)).toBe(true);
    expect(outcome).toMatchObject({ object: RECIPE });
  });

  const weather = tool({
    description: 'The weather in a city',
    inputSchema: z.object({ city: z.string() }),
    execute: async ({ city }) => `sunny in ${city}, 21 degrees`,
  });

  it('a tool() round trip with generateText', async () => {
    const { tag, providerOptions } = tagged('tool-generate');
    const result = await generateText({ model, prompt: 'What is the weather?', tools: { weather }, stopWhen: stepCountIs(3), providerOptions });
    expect(result.steps).toHaveLength(2);
    expect(result.steps[0]!.toolCalls).toMatchObject([{ toolName: 'weather', input: { city: 'heimdall' } }]);
    expect(result.text).toBe(`${TOOL_RESULT_QUOTE}sunny in heimdall, 21 degrees`);
    const sent = await upstreamRecords(tag);
    expect(sent).toHaveLength(2);
    expect(toolResultSent(sent[1]!.body)).toContain('sunny in heimdall, 21 degrees');
  });

  it('a tool() round trip with streamText', async () => {
    const { tag, providerOptions } = tagged('tool-stream');
    const result = streamText({ model, prompt: 'What is the weather?', tools: { weather }, stopWhen: stepCountIs(3), providerOptions });
    expect(await result.text).toBe(`${TOOL_RESULT_QUOTE}sunny in heimdall, 21 degrees`);
    const sent = await upstreamRecords(tag);
    expect(sent.map((r) => r.body.stream)).toEqual([true, true]);
    expect(toolResultSent(sent[1]!.body)).toContain('sunny in heimdall, 21 degrees');
  });
});
