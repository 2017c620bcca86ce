import type { FunctionCallWire, PartialArgWire } from './wire';

// Gemini's streamed function-call arguments (`streamFunctionCallArguments`): a call opens with its
// name (`willContinue: true`), then pieces carry `partialArgs`, each a value at a JSON path (RFC
// 9535, `$.recipe.ingredients[0].name`); a string piece with `willContinue` is continued by the
// next piece for the same path; the call closes with `willContinue: false` or an empty
// `functionCall: {}`. The pieces are assembled here into the whole arguments object.

/** Bounds on what an upstream may make us build: path depth and array positions. */
const MAX_DEPTH = 32;
const MAX_INDEX = 10_000;
const FORBIDDEN = new Set(['__proto__', 'prototype', 'constructor']);

type Segment = string | number;

/** `$.a.b[0]['c d']` → ['a', 'b', 0, 'c d']; undefined for a path this does not read. */
export function parseJsonPath(path: string): Segment[] | undefined {
  const segments: Segment[] = [];
  let rest = path.startsWith('$') ? path.slice(1) : `.${path}`;
  while (rest.length > 0) {
    const m = /^\.([A-Za-z_][\w-]*)|^\[(\d+)\]|^\['((?:[^'\\]|\\.)*)'\]|^\["((?:[^"\\]|\\.)*)"\]/.exec(rest);
    if (!m) return undefined;
    const segment: Segment = m[2] !== undefined ? Number(m[2]) : (m[1] ?? m[3] ?? m[4]!).replace(/\\(.)/g, '$1');
    if (typeof segment === 'number' ? segment > MAX_INDEX : FORBIDDEN.has(segment)) return undefined;
    segments.push(segment);
    if (segments.length > MAX_DEPTH) return undefined;
    rest = rest.slice(m[0].length);
  }
  return segments.length > 0 ? segments : undefined;
}

function valueOf(piece: PartialArgWire): unknown {
  if (piece.stringValue != null) return piece.stringValue;
  if (piece.numberValue != null) return piece.numberValue;
  if (piece.boolValue != null) return piece.boolValue;
  return null;
}

/** A streamed call being assembled. */
export class PartialFunctionCall {
  readonly args: Record<string, unknown>;
  /** The path whose string the next piece continues, if the last piece said so. */
  private continuing: string | undefined;

  constructor(readonly id: string | undefined, readonly name: string, args: Record<string, unknown> | null | undefined) {
    this.args = { ...args };
  }

  /** Applies pieces; false on a path it cannot place (the stream then fails: the call would be wrong). */
  apply(pieces: readonly PartialArgWire[]): boolean {
    for (const piece of pieces) {
      const path = parseJsonPath(piece.jsonPath);
      if (!path) return false;
      const value = valueOf(piece);
      const append = this.continuing === piece.jsonPath && typeof value === 'string';
      if (!set(this.args, path, value, append)) return false;
      this.continuing = piece.willContinue ? piece.jsonPath : undefined;
    }
    return true;
  }

  /** The call as Gemini sends a whole one. */
  whole(): FunctionCallWire {
    return { ...(this.id ? { id: this.id } : {}), name: this.name, args: this.args };
  }
}

function set(root: Record<string, unknown>, path: readonly Segment[], value: unknown, append: boolean): boolean {
  let node: Record<string | number, unknown> = root;
  for (let i = 0; i < path.length - 1; i++) {
    const key = path[i]!;
    const next = path[i + 1]!;
    let child = node[key];
    if (child === undefined || child === null || typeof child !== 'object') {
      child = typeof next === 'number' ? [] : {};
      node[key] = child;
    }
    if (Array.isArray(child) !== (typeof next === 'number')) return false;
    node = child as Record<string | number, unknown>;
  }
  const last = path.at(-1)!;
  if (Array.isArray(node) !== (typeof last === 'number')) return false;
  node[last] = append && typeof node[last] === 'string' ? (node[last] as string) + (value as string) : value;
  return true;
}
