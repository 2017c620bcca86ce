import type { z } from '../zod';

/** `plugins[1] ("mocker").config.rules[0].probability: Too big…` — names the entry, then the field. */
export function formatIssues(issues: readonly z.core.$ZodIssue[], root: unknown): string {
  return issues.map((issue) => `${describePath(issue.path, root)}: ${issue.message}`).join('\n');
}

function describePath(path: readonly PropertyKey[], root: unknown): string {
  let out = '';
  let node: unknown = root;
  for (const seg of path) {
    const isIndex = typeof seg === 'number';
    out += isIndex ? `[${seg}]` : out === '' ? String(seg) : `.${String(seg)}`;
    node = node && typeof node === 'object' ? (node as Record<PropertyKey, unknown>)[seg] : undefined;
    // Array entries with a name (plugins, keys) are easier to find by name than by index.
    if (isIndex && node && typeof node === 'object' && typeof (node as { name?: unknown }).name === 'string') {
      out += ` ("${(node as { name: string }).name}")`;
    }
  }
  return out || '(root)';
}
