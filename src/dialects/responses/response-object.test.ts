import { describe, expect, it } from 'vitest';
import azureJson from '../../../../shared/fixtures/providers/azure-responses/azure-text.1.json';
import { openReasoning, sealReasoning } from './reasoning-envelope';
import { outputItems, responseObject, type ResponseShell, responsesUsage, statusOf } from './response-object';

const shell: ResponseShell = { id: 'resp_00ff', createdAt: 1770803604, model: 'gpt-5.1', echo: { store: true, tools: [], text: { format: { type: 'text' } } }, includeEncrypted: true, namespaces: { spawn_agent: 'multi_agent_v1' } };

describe('the Responses response object', () => {
  it("has the recorded Azure answer's fields", () => {
    const out = responseObject(shell, { status: 'completed', output: outputItems(shell, { role: 'assistant', content: 'Hello' }), usage: responsesUsage({ prompt_tokens: 1, completion_tokens: 2, total_tokens: 3 }) });
    // Azure's content filter results are its own; everything else OpenAI's SDKs read is there.
    for (const key of ['id', 'object', 'created_at', 'status', 'background', 'completed_at', 'error', 'incomplete_details', 'max_tool_calls', 'model', 'output', 'usage']) {
      expect(out).toHaveProperty(key);
      expect(azureJson).toHaveProperty(key);
    }
    expect((out.output as unknown[])[0]).toMatchObject({ type: 'message', role: 'assistant', status: 'completed', content: [{ type: 'output_text', text: 'Hello', annotations: [] }] });
  });

  it('lists reasoning, text and function calls as items; namespaced calls carry their namespace', () => {
    const items = outputItems(shell, {
      role: 'assistant',
      content: 'Calling.',
      reasoning: [{ text: 'why', redacted: 'gAAAA', source: 'openai' }],
      tool_calls: [
        { id: 'call_1', type: 'function', function: { name: 'spawn_agent', arguments: '{}' } },
        { id: 'call_2', type: 'function', function: { name: 'exec_command', arguments: '{"cmd":"ls"}' } },
      ],
    });
    expect(items.map((i) => i.type)).toEqual(['reasoning', 'message', 'function_call', 'function_call']);
    expect(items[0]).toMatchObject({ summary: [{ type: 'summary_text', text: 'why' }], encrypted_content: 'gAAAA' });
    expect(items[2]).toMatchObject({ call_id: 'call_1', name: 'spawn_agent', namespace: 'multi_agent_v1', status: 'completed' });
    expect(items[3]).not.toHaveProperty('namespace');
    expect(new Set(items.map((i) => i.id)).size).toBe(4);
  });

  it('maps a length finish to incomplete (max_output_tokens)', () => {
    expect(statusOf({ unified: 'length', raw: 'length' })).toEqual({ status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } });
    expect(statusOf({ unified: 'tool_calls', raw: 'tool_calls' }).status).toBe('completed');
  });
});

describe('encrypted_content', () => {
  it("passes an OpenAI upstream's own through, and seals another family's opaque forms for the round trip", () => {
    expect(sealReasoning({ text: 'x', redacted: 'gAAAA', source: 'openai' })).toBe('gAAAA');
    expect(openReasoning('gAAAA', 'p')).toEqual({ redacted: 'gAAAA', source: 'openai' });
    const anthropic = { text: 'x', signature: 'EqQBCkgI…', source: 'anthropic' as const };
    const sealed = sealReasoning(anthropic)!;
    expect(sealed).toMatch(/^heimdall\.reasoning\.v1\./);
    expect(openReasoning(sealed, 'p')).toEqual({ signature: 'EqQBCkgI…', source: 'anthropic' });
    expect(sealReasoning({ text: 'plain' })).toBeUndefined();
    expect(() => openReasoning('heimdall.reasoning.v1.%%%', 'input[1].encrypted_content')).toThrow(/input\[1\]\.encrypted_content/);
  });
});
