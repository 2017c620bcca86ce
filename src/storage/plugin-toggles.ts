import * as z from '../zod';

// Fast switches in KV, one key per plugin: `plugin-toggle:<name>` → `{"enabled": false}` and/or
// `{"config": {...}}`. They override what D1 says without a deploy or a D1 write.

export const TOGGLE_PREFIX = 'plugin-toggle:';

const toggleSchema = z.object({
  enabled: z.optional(z.boolean()),
  config: z.optional(z.record(z.string(), z.unknown())),
});

export type PluginToggle = z.output<typeof toggleSchema>;

export const toggleKey = (name: string) => `${TOGGLE_PREFIX}${name}`;

/** One bulk read for every plugin; a malformed value is reported and ignored, never fatal. */
export async function readToggles(kv: KVNamespace, names: readonly string[]): Promise<Map<string, PluginToggle>> {
  const out = new Map<string, PluginToggle>();
  if (names.length === 0) return out;
  const values = await kv.get(names.map(toggleKey), 'text');
  for (const name of names) {
    const raw = values.get(toggleKey(name));
    if (raw == null) continue;
    let parsed: ReturnType<typeof toggleSchema.safeParse> | undefined;
    try {
      parsed = toggleSchema.safeParse(JSON.parse(raw));
    } catch {
      parsed = undefined;
    }
    if (parsed?.success) out.set(name, parsed.data);
    else console.error(JSON.stringify({ level: 'error', msg: 'ignoring malformed plugin toggle', key: toggleKey(name) }));
  }
  return out;
}
