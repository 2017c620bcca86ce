import type { Context } from 'hono';
import type { AppEnv } from '../app-env';

/** GET /v1/models: every model a configured key names, as `provider/model`. */
export function listModels(c: Context<AppEnv>): Response {
  const data: { id: string; object: 'model'; created: number; owned_by: string }[] = [];
  for (const provider of c.var.runtime.loaded.providers.values()) {
    const models = new Set(provider.keys.flatMap((k) => k.models));
    for (const model of models) data.push({ id: `${provider.name}/${model}`, object: 'model', created: 0, owned_by: provider.name });
  }
  return c.json({ object: 'list', data });
}
