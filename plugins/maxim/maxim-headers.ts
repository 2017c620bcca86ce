import { isMaximId } from './commit-log';

// Bifrost's `x-bf-maxim-*` request headers (transports/bifrost-http/lib/ctx.go): six named ones,
// and every other `x-bf-maxim-<key>` is a tag `<key>` on the trace and its generations.

const PREFIX = 'x-bf-maxim-';
const NAMED = {
  'session-id': 'sessionId',
  'trace-id': 'traceId',
  'trace-name': 'traceName',
  'generation-id': 'generationId',
  'generation-name': 'generationName',
  'log-repo-id': 'logRepoId',
} as const;
const IDS: ReadonlySet<string> = new Set(['sessionId', 'traceId', 'generationId']);

type Named = (typeof NAMED)[keyof typeof NAMED];

export type MaximHeaders = { [K in Named]?: string } & {
  tags: Record<string, string>;
  /** Id headers left out because Maxim would refuse their characters. */
  ignored: string[];
};

export function readMaximHeaders(headers: Readonly<Record<string, string>>): MaximHeaders {
  const out: MaximHeaders = { tags: {}, ignored: [] };
  for (const [name, value] of Object.entries(headers)) {
    if (!name.startsWith(PREFIX) || name.length === PREFIX.length) continue;
    const key = name.slice(PREFIX.length);
    const field = NAMED[key as keyof typeof NAMED] as Named | undefined;
    if (!field) out.tags[key] = value;
    else if (IDS.has(field) && !isMaximId(value)) out.ignored.push(name);
    else out[field] = value;
  }
  return out;
}
