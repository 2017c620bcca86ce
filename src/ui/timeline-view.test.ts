import { describe, expect, it } from 'vitest';
import type { TimelineRecord } from '../pipeline/timeline';
import { TimelineView } from './timeline-view';

// The shape the logging built-in stores in the `timeline` column (src/pipeline/timeline.ts).
const stored: TimelineRecord = {
  hooks: [
    { plugin: 'hello-world', hook: 'httpPreHook', attempt: null, start_ms: 0, duration_ms: 0, calls: 1, failed: false },
    { plugin: 'governance', hook: 'preLLMHook', attempt: 0, start_ms: 1, duration_ms: 2, calls: 1, failed: false },
    { plugin: 'mocker', hook: 'preLLMHook', attempt: 0, start_ms: 3, duration_ms: 1, calls: 1, failed: true },
  ],
  attempts: [
    {
      index: 0, provider: 'openai', model: 'gpt-4o-mini', start_ms: 1, end_ms: 5, outcome: 'response', error: null, short_circuit_by: null,
      tries: [{ try: 0, key: 'main', start_ms: 1, end_ms: 4, status: 200, error: null }],
    },
    { index: 1, provider: 'anthropic', model: 'claude', start_ms: 5, end_ms: 6, outcome: 'response', error: null, short_circuit_by: 'mocker', tries: [] },
  ],
};

describe('request timeline view', () => {
  it('renders the hooks in the order they ran, failures marked, and each attempt with its tries', async () => {
    const html = String(await TimelineView({ timeline: stored, totalMs: 6 }));
    expect([...html.matchAll(/data-hook="([\w.-]+)"/g)].map((m) => m[1])).toEqual(['hello-world.httpPreHook', 'governance.preLLMHook', 'mocker.preLLMHook']);
    expect(html).toContain('<tr class="failed" data-hook="mocker.preLLMHook">');
    expect(html).toContain('Primary: openai/gpt-4o-mini');
    expect(html).toContain('try 1 with key “main”: 200 in 3 ms');
    expect(html).toContain('answered by the mocker plugin');
  });
});
