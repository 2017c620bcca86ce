import { describe, expect, it } from 'vitest';
import { TimelineView } from '../ui/timeline-view';
import { parseTimeline } from './timeline';

// The shape the logging built-in stores in the `timeline` column.
const stored = JSON.stringify({
  hooks: [
    { plugin: 'hello-world', hook: 'httpPreHook', attempt: null, start_ms: 0, duration_ms: 0, calls: 1, failed: false },
    { plugin: 'governance', hook: 'preLLMHook', attempt: 0, start_ms: 1, duration_ms: 2, calls: 1, failed: false },
    { plugin: 'mocker', hook: 'preLLMHook', attempt: 0, start_ms: 3, duration_ms: 1, calls: 1, failed: true },
  ],
  attempts: [
    {
      index: 0, provider: 'openai', model: 'gpt-4o-mini', start_ms: 1, end_ms: 5, outcome: 'response', error: null,
      tries: [{ try: 0, key: 'main', start_ms: 1, end_ms: 4, status: 200, error: null }],
    },
  ],
});

describe('request timeline', () => {
  it('parses the stored JSON, and reads nothing from a missing or malformed one', () => {
    expect(parseTimeline(stored)?.hooks.map((h) => h.plugin)).toEqual(['hello-world', 'governance', 'mocker']);
    expect(parseTimeline(JSON.parse(stored))?.attempts[0]?.tries[0]?.key).toBe('main');
    for (const bad of [null, undefined, '{', '{"hooks": "no"}']) expect(parseTimeline(bad)).toBeNull();
  });

  it('renders the hooks in the order they ran, failures marked, and each attempt with its tries', async () => {
    const html = String(await TimelineView({ timeline: parseTimeline(stored)!, totalMs: 6 }));
    expect([...html.matchAll(/data-hook="([\w.-]+)"/g)].map((m) => m[1])).toEqual(['hello-world.httpPreHook', 'governance.preLLMHook', 'mocker.preLLMHook']);
    expect(html).toContain('<tr class="failed" data-hook="mocker.preLLMHook">');
    expect(html).toContain('Primary: openai/gpt-4o-mini');
    expect(html).toContain('try 1 with key “main”: 200 in 3 ms');
  });
});
