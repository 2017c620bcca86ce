import { describe, expect, it } from 'vitest';
import codexTurn1 from '../../../test/fixtures/clients/codex/codex-0.171-turn-1.request.json';
import codexTurn2 from '../../../test/fixtures/clients/codex/codex-0.171-turn-2.request.json';
import { GatewayError } from '../../errors/gateway-error';
import { parseResponsesBody } from './responses-request';

const known = new Set(['openai', 'anthropic']);
const parse = (body: unknown, drop = false) => parseResponsesBody(body, known, drop);
const refusal = (body: unknown, drop = false): GatewayError => {
  try {
    parse(body, drop);
  } catch (err) {
    if (err instanceof GatewayError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
};

describe('Responses request → canonical', () => {
  it('reads a string input, instructions and the generation settings', () => {
    const r = parse({
      model: 'openai/gpt-4.1',
      input: 'hi',
      instructions: 'Be brief.',
      max_output_tokens: 64,
      temperature: 0.3,
      top_p: 0.9,
      metadata: { run: 'a' },
      parallel_tool_calls: false,
      user: 'u1',
      safety_identifier: 's1',
      service_tier: 'flex',
      reasoning: { effort: 'high', summary: 'detailed' },
      text: { format: { type: 'json_schema', name: 'answer', schema: { type: 'object' }, strict: true }, verbosity: 'low' },
    });
    expect(r).toMatchObject({ provider: 'openai', model: 'gpt-4.1', stream: false, store: true, reasoning: { effort: 'high', summary: 'detailed' } });
    expect(r.instructions).toEqual([{ role: 'system', content: 'Be brief.' }]);
    expect(r.input).toEqual([{ role: 'user', content: 'hi' }]);
    // metadata annotates the response object (echoed, stored), not the upstream call.
    expect(r.echo.metadata).toEqual({ run: 'a' });
    // Without tools there are no calls to parallelise (OpenAI refuses the flag alone); it is echoed.
    expect(r.echo.parallel_tool_calls).toBe(false);
    expect(r.params).toEqual({
      max_tokens: 64,
      temperature: 0.3,
      top_p: 0.9,
      user: 'u1',
      safety_identifier: 's1',
      service_tier: 'flex',
      verbosity: 'low',
      response_format: { type: 'json_schema', json_schema: { name: 'answer', schema: { type: 'object' }, strict: true } },
    });
  });

  it('maps json_object, and text (no response_format)', () => {
    expect(parse({ model: 'openai/m', input: 'x', text: { format: { type: 'json_object' } } }).params.response_format).toEqual({ type: 'json_object' });
    expect(parse({ model: 'openai/m', input: 'x', text: { format: { type: 'text' } } }).params.response_format).toBeUndefined();
  });

  it('gathers assistant items into one assistant message; reasoning keeps its encrypted content', () => {
    const r = parse({
      model: 'openai/m',
      input: [
        { role: 'developer', content: 'rules' },
        { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'look' }, { type: 'input_image', image_url: 'https://x/y.png', detail: 'low' }] },
        { type: 'reasoning', id: 'rs_1', summary: [{ type: 'summary_text', text: 'a' }, { type: 'summary_text', text: 'b' }], encrypted_content: 'gAAAA' },
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Let me check.' }] },
        { type: 'function_call', call_id: 'c1', name: 'get', arguments: '{}' },
        { type: 'function_call_output', call_id: 'c1', output: [{ type: 'input_text', text: 'ok' }] },
        { type: 'message', role: 'assistant', content: [{ type: 'refusal', refusal: 'No.' }] },
      ],
    });
    expect(r.input).toEqual([
      { role: 'developer', content: 'rules' },
      { role: 'user', content: [{ type: 'text', text: 'look' }, { type: 'image_url', image_url: { url: 'https://x/y.png', detail: 'low' } }] },
      {
        role: 'assistant',
        content: 'Let me check.',
        reasoning: [{ text: 'a\n\nb', redacted: 'gAAAA', source: 'openai' }],
        tool_calls: [{ id: 'c1', type: 'function', function: { name: 'get', arguments: '{}' } }],
      },
      { role: 'tool', tool_call_id: 'c1', content: 'ok' },
      { role: 'assistant', content: 'No.' },
    ]);
  });

  it('maps flat function tools and tool_choice to the chat shape', () => {
    const r = parse({
      model: 'openai/m',
      input: 'x',
      tools: [{ type: 'function', name: 'f', description: 'd', parameters: { type: 'object', properties: {} }, strict: true }],
      tool_choice: { type: 'function', name: 'f' },
    });
    expect(r.params.tools).toEqual([{ type: 'function', function: { name: 'f', description: 'd', parameters: { type: 'object', properties: {} }, strict: true } }]);
    expect(r.params.tool_choice).toEqual({ type: 'function', function: { name: 'f' } });
    expect(parse({ model: 'openai/m', input: 'x', tools: [{ type: 'function', name: 'f' }], tool_choice: 'required' }).params.tool_choice).toBe('required');
    // Without tools: `auto` is meaningless (as when every tool was a dropped hosted one), `required` is a 400.
    expect(parse({ model: 'openai/m', input: 'x', tools: [{ type: 'web_search' }], tool_choice: 'auto' }, true).params).not.toHaveProperty('tool_choice');
    expect(refusal({ model: 'openai/m', input: 'x', tool_choice: 'required' })).toMatchObject({ param: 'tool_choice' });
  });

  it('refuses hosted tools naming them, or drops them when allowed', () => {
    const body = { model: 'openai/m', input: 'x', tools: [{ type: 'code_interpreter', container: { type: 'auto' } }] };
    const err = refusal(body);
    expect(err).toMatchObject({ status: 400, code: 'unsupported_tool', param: 'tools[0]' });
    expect(err.message).toMatch(/"code_interpreter"/);
    const dropped = parse(body, true);
    expect(dropped.droppedTools).toEqual(['code_interpreter']);
    expect(dropped.params.tools).toBeUndefined();
    expect(refusal({ model: 'openai/m', input: 'x', tool_choice: { type: 'web_search' } })).toMatchObject({ param: 'tool_choice' });
  });

  it('refuses what it cannot carry, naming it: unknown fields, background, hosted tool call records, file inputs', () => {
    expect(refusal({ model: 'openai/m', input: 'x', conversation: 'conv_1' }).message).toMatch(/conversation/);
    expect(refusal({ model: 'openai/m', input: 'x', background: true })).toMatchObject({ param: 'background' });
    expect(refusal({ model: 'openai/m', input: [{ type: 'web_search_call', id: 'ws_1' }] })).toMatchObject({ param: 'input[0]', message: expect.stringMatching(/web_search_call/) });
    expect(refusal({ model: 'openai/m', input: [{ type: 'function_call', name: 'f' }] })).toMatchObject({ param: 'input[0]', message: expect.stringMatching(/call_id/) });
    expect(refusal({ model: 'openai/m', input: [{ role: 'user', content: [{ type: 'input_image', file_id: 'file_1' }] }] }).param).toBe('input[0].content[0]');
    expect(refusal({ model: 'openai/m', input: [{ role: 'user', content: [{ type: 'input_file', file_data: 'data:application/pdf;base64,AA==' }] }] })).toMatchObject({ param: 'input[0].content[0]', message: expect.stringMatching(/input_file parts are not supported/) });
    expect(refusal({ model: 'openai/m', input: 'x', tools: [{ type: 'function', name: 'a' }, { type: 'namespace', name: 'n', tools: [{ type: 'function', name: 'a' }] }] }).message).toMatch(/two function tools are named "a"/);
  });

  // Recorded from @openai/codex 0.171.0 (`codex exec`) against a local capture server.
  it("accepts Codex's first turn: developer and user messages, namespace and web_search tools, store false, include, prompt_cache_key, client_metadata", () => {
    const r = parse(codexTurn1, true);
    expect(r).toMatchObject({ provider: 'openai', model: 'gpt-4o-mini', stream: true, store: false, includeEncrypted: true, reasoning: { summary: 'auto' } });
    expect(r.instructions).toEqual([]);
    expect(r.input.map((m) => m.role)).toEqual(['developer', 'developer', 'user', 'user']);
    expect(r.input.at(-1)).toEqual({ role: 'user', content: 'list the files here' });
    expect(r.droppedTools).toEqual(['web_search']);
    const names = (r.params.tools as { function: { name: string } }[]).map((t) => t.function.name);
    expect(names).toContain('exec_command');
    expect(names).toContain('spawn_agent');
    expect(r.namespaces.spawn_agent).toBe('multi_agent_v1');
    // Accepted and dropped: nothing of them reaches the chat upstream.
    for (const dropped of ['prompt_cache_key', 'client_metadata', 'include', 'store']) expect(r.params).not.toHaveProperty(dropped);
    expect(r.params.tool_choice).toBe('auto');
    expect(r.params.parallel_tool_calls).toBe(true);
    // Without the operator's permission, its web_search tool is a 400.
    expect(refusal(codexTurn1).message).toMatch(/"web_search"/);
  });

  it("accepts Codex's tool turn: its reasoning item (encrypted content), function_call and function_call_output", () => {
    const r = parse(codexTurn2, true);
    const [assistant, tool] = r.input.slice(-2);
    expect(assistant).toEqual({
      role: 'assistant',
      content: null,
      reasoning: [{ text: 'List the directory.', redacted: 'gAAAA-opaque', source: 'openai' }],
      tool_calls: [{ id: 'call_0wvaBfn8hir385b2vIJQpMMO', type: 'function', function: { name: 'exec_command', arguments: '{"cmd":"ls"}' } }],
    });
    expect(tool).toMatchObject({ role: 'tool', tool_call_id: 'call_0wvaBfn8hir385b2vIJQpMMO' });
    expect(tool!.content).toMatch(/a\.txt/);
  });
});
