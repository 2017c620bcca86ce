import { readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { join, resolve } from 'node:path';

// DeepSeek's thinking mode as the mock upstream speaks it: the recorded answer and stream of
// test/fixtures/providers/deepseek/ (README there names their source), `reasoning_content` beside
// `content`. Runs in Node, outside workerd.

export const DEEPSEEK_REASONING_MODEL = 'deepseek-reasoner';

const OWN = resolve(import.meta.dirname, '../../fixtures/providers/deepseek');
const own = (name: string) => readFileSync(join(OWN, name), 'utf8');

export function handleDeepSeekReasoning(stream: boolean, res: ServerResponse): void {
  if (!stream) {
    res.writeHead(200, { 'content-type': 'application/json' });
    return void res.end(own('deepseek-reasoning.json'));
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const lines = own('deepseek-reasoning.chunks.txt').split('\n').filter((l) => l.trim() !== '');
  res.end(lines.map((l) => `data: ${l}\n\n`).join('') + 'data: [DONE]\n\n');
}
