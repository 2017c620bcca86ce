import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * The part every export backend stand-in shares: requests under `/<name>` are its own, where
 * `/<name>-hang/…` never answers and `/<name>-down/…` answers 500 once the body is read (the
 * backends that must never hurt a request). Returns the body of a request left for the stand-in
 * to answer, `'answered'` when it was answered (or left hanging) here, `undefined` when not its own.
 */
export async function standInBody(req: IncomingMessage, res: ServerResponse, name: string): Promise<Buffer | 'answered' | undefined> {
  const url = req.url ?? '';
  if (!url.startsWith(`/${name}`)) return undefined;
  if (url.startsWith(`/${name}-hang/`)) return 'answered';
  const parts: Buffer[] = [];
  for await (const part of req) parts.push(part as Buffer);
  if (url.startsWith(`/${name}-down/`)) {
    res.writeHead(500).end(`${name} down`);
    return 'answered';
  }
  return Buffer.concat(parts);
}
