import { contextKey, RESERVED_PREFIX } from '../pipeline/context-key';
import type { HookContext } from '../pipeline/hook-context';
import { canonicalJson } from '../config/canonical-json';

// The request's shared context as Bifrost's `context` JSON object: every value that is plain JSON
// data, under its own name, minus the gateway's own: its reserved `heimdall.*` keys (the virtual
// key, the timeline, …) and the built-in plugins' state (`governance.*`: the presented key, the
// admission). What a hook returns is merged back over it: a key the plugin left as it was sent
// stays untouched (the live value, not a copy), a new or changed key is stored under the same
// name, readable by TypeScript plugins with `contextKey(name)`.

/** Bifrost's own key for the request id (BifrostContextKeyRequestID); sent, never stored back. */
export const REQUEST_ID_KEY = 'request-id';

export interface SentContext {
  json: Record<string, unknown>;
  /** Canonical JSON of each value sent, to tell an edit from an echo. */
  sent: Map<string, string>;
  /** Names present in the context but not sent (not plain data): a plugin may not overwrite them. */
  withheld: Set<string>;
}

/** Name prefixes a WASM plugin neither sees nor writes: `heimdall.` and `<built-in>.` for each built-in. */
export function withheldPrefixes(builtins: readonly string[]): string[] {
  return [RESERVED_PREFIX, ...builtins.map((name) => `${name}.`)];
}

const withheldName = (name: string, prefixes: readonly string[]) => name === REQUEST_ID_KEY || prefixes.some((p) => name.startsWith(p));

export function contextToBifrost(ctx: HookContext, prefixes: readonly string[]): SentContext {
  const json: Record<string, unknown> = { [REQUEST_ID_KEY]: ctx.requestId };
  const sent = new Map<string, string>();
  const withheld = new Set<string>();
  for (const [name, value] of ctx.entries()) {
    if (withheldName(name, prefixes)) continue;
    const canonical = plainJson(value);
    if (canonical === undefined) {
      withheld.add(name);
      continue;
    }
    json[name] = value;
    sent.set(name, canonical);
  }
  return { json, sent, withheld };
}

/** Merges a hook's returned `context` (an object, or absent) into the request's. */
export function mergeContext(ctx: HookContext, sent: SentContext, returned: unknown, prefixes: readonly string[]): void {
  if (!returned || typeof returned !== 'object' || Array.isArray(returned)) return;
  for (const [name, value] of Object.entries(returned)) {
    // Reserved keys are dropped silently, as Bifrost's hooks run with restricted writes blocked.
    if (withheldName(name, prefixes) || sent.withheld.has(name) || value === undefined) continue;
    if (sent.sent.get(name) === canonicalJson(value)) continue;
    ctx.set(contextKey<unknown>(name), value);
  }
}

/** The value's canonical JSON when it is plain data (no class instances, Maps, functions), else undefined. */
function plainJson(value: unknown): string | undefined {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return canonicalJson(value);
  if (typeof value === 'number') return Number.isFinite(value) ? canonicalJson(value) : undefined;
  if (typeof value !== 'object') return undefined;
  const proto = Object.getPrototypeOf(value);
  if (!Array.isArray(value) && proto !== Object.prototype && proto !== null) return undefined;
  try {
    return canonicalJson(value);
  } catch {
    return undefined;
  }
}
