import { describe, expect, it } from 'vitest';
import text from '../../../../shared/fixtures/providers/anthropic/anthropic-text.chunks.txt?raw';
import toolNoArgs from '../../../../shared/fixtures/providers/anthropic/anthropic-tool-no-args.chunks.txt?raw';
import jsonTool from '../../../test/fixtures/providers/anthropic/anthropic-json-tool.chunks.txt?raw';
import redacted from '../../../test/fixtures/providers/anthropic/anthropic-redacted-thinking.chunks.txt?raw';
import thinking from '../../../test/fixtures/providers/anthropic/anthropic-thinking.chunks.txt?raw';
import { plainEvent } from './plain-event';
import { streamEventSchema } from './wire';

const events = (lines: string): unknown[] => lines.split('\n').filter(Boolean).map((l) => JSON.parse(l));
const delta = (d: unknown) => ({ type: 'content_block_delta', index: 0, delta: d });

describe('plainEvent, the hand check of a Messages stream event', () => {
  it('takes the recorded deltas, block and message stops and pings, and reads them as the schema does', () => {
    const taken = new Map<string, number>();
    for (const event of [text, toolNoArgs, jsonTool, redacted, thinking].flatMap(events)) {
      const fast = plainEvent(structuredClone(event));
      if (!fast) continue;
      taken.set(fast.type, (taken.get(fast.type) ?? 0) + 1);
      expect(fast).toEqual(streamEventSchema.parse(event));
    }
    expect([...taken.keys()].sort()).toEqual(['content_block_delta', 'content_block_stop', 'message_stop', 'ping']);
    expect(taken.get('content_block_delta')).toBeGreaterThan(20);
  });

  it('leaves events that carry a message, a content block, usage or an error to the schema', () => {
    for (const event of [text, thinking].flatMap(events)) {
      const e = event as { type: string };
      if (['message_start', 'content_block_start', 'message_delta'].includes(e.type)) expect(plainEvent(event)).toBeUndefined();
    }
    expect(plainEvent({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } })).toBeUndefined();
  });

  it('refuses what the schema refuses', () => {
    const bad: unknown[] = [
      null, [], 'x', { type: 1 }, { type: 'content_block_stop', index: '0' }, delta('text'), delta(null), delta([]),
      delta({ type: 'text_delta', text: 1 }), delta({ type: 'text_delta', text: null }), delta({ partial_json: {} }), delta({ thinking: 2 }), delta({ signature: false }), delta({ stop_reason: 3 }),
    ];
    for (const event of bad) {
      expect(plainEvent(event)).toBeUndefined();
      expect(streamEventSchema.safeParse(event).success).toBe(false);
    }
  });
});
