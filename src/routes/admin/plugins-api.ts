import { Hono } from '../trie-hono';
import * as z from '../../zod';
import type { AppEnv } from '../../app-env';
import { configJsonSchema } from '../../config/config-json-schema';
import { formatIssues } from '../../config/format-issues';
import { placementSchema } from '../../config/schema';
import { GatewayError } from '../../errors/gateway-error';
import type { GatewayRuntime } from '../../gateway-runtime';
import type { PluginDefinition } from '../../pipeline/define-plugin';
import {
  deletePluginRow,
  getPluginRow,
  insertPluginRow,
  listPluginRows,
  type PluginRow,
  type PluginRowInput,
  setSequence,
  upsertPluginRow,
} from '../../storage/plugin-rows';
import { toggleKey } from '../../storage/plugin-toggles';
import { readJson } from '../read-json';
import { requireDb } from './require-db';
import { describePlugins, syncedPluginRows } from './describe-plugins';

const settingsSchema = z.strictObject({
  enabled: z.optional(z.boolean()),
  placement: z.optional(placementSchema),
  order: z.optional(z.number().check(z.int())),
  config: z.optional(z.record(z.string(), z.unknown())),
  version: z.optional(z.number().check(z.int(), z.positive())),
  fail_closed: z.optional(z.boolean()),
  /** A WASM plugin: a bundled `.wasm` under plugins/ (the entry's name is its name). */
  path: z.optional(z.string().check(z.minLength(1))),
});
const createSchema = z.extend(settingsSchema, { name: z.string().check(z.minLength(1)) });
const sequenceSchema = z.strictObject({
  plugins: z.array(z.strictObject({ name: z.string().check(z.minLength(1)), placement: placementSchema, order: z.number().check(z.int()) })).check(z.minLength(1)),
});
const toggleSchema = z.strictObject({ enabled: z.optional(z.boolean()), config: z.optional(z.record(z.string(), z.unknown())) });

const notFound = (name: string) => new GatewayError({ status: 404, type: 'not_found_error', code: 'plugin_not_found', message: `no plugin "${name}" in the sequence` });

/** /api/plugins: the sequence in D1, toggles in KV. Every write makes the next request reload. */
export function pluginsApi(): Hono<AppEnv> {
  const api = new Hono<AppEnv>();

  api.get('/', async (c) => {
    const rows = await syncedPluginRows({ ...c.env, DB: requireDb(c.env) }, c.var.runtime);
    return c.json({ plugins: await describePlugins(c.env, c.var.runtime, rows) });
  });

  api.put('/sequence', async (c) => {
    const { plugins } = await readJson(c, sequenceSchema);
    const d1 = requireDb(c.env);
    const stored = new Map((await listPluginRows(d1)).map((r) => [r.name, r]));
    plugins.forEach((item, i) => {
      const row = stored.get(item.name);
      if (!row) throw GatewayError.invalidRequest(`plugins[${i}].name: no plugin "${item.name}" in the sequence`, 'plugin_not_found', `plugins.${i}.name`);
      checkPlacement(definitionOf(c.var.runtime, item.name, row.path), item.placement, `plugins.${i}.placement`);
    });
    if (new Set(plugins.map((p) => p.name)).size !== plugins.length) throw GatewayError.invalidRequest('plugins: a name is listed twice', 'invalid_value', 'plugins');
    await setSequence(d1, plugins);
    c.var.runtime.plugins.invalidate();
    const rows = await listPluginRows(d1);
    return c.json({ plugins: await describePlugins(c.env, c.var.runtime, rows) });
  });

  api.get('/:name', async (c) => {
    const row = await getPluginRow(requireDb(c.env), c.req.param('name'));
    if (!row) throw notFound(c.req.param('name'));
    return c.json((await describePlugins(c.env, c.var.runtime, [row]))[0]);
  });

  // What the web UI builds the config form from.
  api.get('/:name/schema', async (c) => {
    const name = c.req.param('name');
    // A WASM plugin added through the API is found by its stored path.
    const path = c.env.DB ? (await getPluginRow(c.env.DB, name))?.path : undefined;
    const definition = c.var.runtime.catalog.find((d) => d.name === name) ?? (path === undefined ? undefined : c.var.runtime.wasm.definition(name, path));
    if (!definition) throw new GatewayError({ status: 404, type: 'not_found_error', code: 'plugin_not_bundled', message: `no plugin "${c.req.param('name')}" is bundled` });
    return c.json({ name: definition.name, schema: configJsonSchema(definition) });
  });

  api.post('/', async (c) => {
    const body = await readJson(c, createSchema);
    const row = toRow(c.var.runtime, body.name, body, undefined);
    if (!(await insertPluginRow(requireDb(c.env), row))) {
      throw new GatewayError({ status: 409, type: 'invalid_request_error', code: 'plugin_exists', message: `plugin "${body.name}" is already in the sequence; PUT /api/plugins/${body.name} changes it` });
    }
    c.var.runtime.plugins.invalidate();
    return c.json(await one(c.env, c.var.runtime, body.name), 201);
  });

  api.put('/:name', async (c) => {
    const name = c.req.param('name');
    const body = await readJson(c, settingsSchema);
    const d1 = requireDb(c.env);
    await upsertPluginRow(d1, toRow(c.var.runtime, name, body, await getPluginRow(d1, name)));
    c.var.runtime.plugins.invalidate();
    return c.json(await one(c.env, c.var.runtime, name));
  });

  api.delete('/:name', async (c) => {
    const name = c.req.param('name');
    refuseBuiltin(c.var.runtime.catalog, name, 'removed from the sequence');
    if (!(await deletePluginRow(requireDb(c.env), name))) throw notFound(name);
    c.var.runtime.plugins.invalidate();
    return c.json({ deleted: name });
  });

  // The fast switch: a KV key that overrides `enabled` (and optionally the config) without a D1 write.
  api.put('/:name/toggle', async (c) => {
    const name = c.req.param('name');
    const toggle = await readJson(c, toggleSchema);
    const stored = c.env.DB ? await getPluginRow(c.env.DB, name) : undefined;
    const definition = definitionOf(c.var.runtime, name, stored?.path);
    refuseBuiltin(c.var.runtime.catalog, name, 'toggled');
    if (toggle.config) checkConfig(definition, toggle.config);
    if (!c.env.KV) throw new GatewayError({ status: 503, type: 'server_error', code: 'storage_unavailable', message: 'no KV binding "KV"' });
    await c.env.KV.put(toggleKey(name), JSON.stringify(toggle));
    c.var.runtime.plugins.invalidate();
    return c.json({ name, toggle });
  });

  api.delete('/:name/toggle', async (c) => {
    await c.env.KV?.delete(toggleKey(c.req.param('name')));
    c.var.runtime.plugins.invalidate();
    return c.json({ name: c.req.param('name'), toggle: null });
  });

  return api;
}

/** The plugin a name (and, for a WASM plugin, a path) stands for; a 400 naming the problem when none. */
function definitionOf(runtime: GatewayRuntime, name: string, path: string | undefined): PluginDefinition {
  const catalog = runtime.catalog;
  if (path !== undefined) {
    const bundled = catalog.find((d) => d.name === name);
    if (bundled && !runtime.wasm.holds(bundled)) throw GatewayError.invalidRequest(`path: "${name}" is a bundled TypeScript plugin; a WASM plugin needs a name of its own`, 'invalid_value', 'path');
    const definition = runtime.wasm.definition(name, path);
    if (!definition) throw GatewayError.invalidRequest(`path: ${runtime.wasm.problem(name, path) ?? `plugin "${name}": path "${path}" names no bundled file`}`, 'invalid_value', 'path');
    return definition;
  }
  const definition = catalog.find((d) => d.name === name);
  if (!definition) {
    throw GatewayError.invalidRequest(`no plugin "${name}" is bundled (available: ${catalog.map((d) => d.name).join(', ')})`, 'plugin_not_bundled', 'name');
  }
  return definition;
}

/** Built-ins run on every request (Bifrost's auto-loaded plugins): no API write may switch one off or move it. */
function refuseBuiltin(catalog: readonly PluginDefinition[], name: string, what: string, param: string | null = null): void {
  if (!catalog.find((d) => d.name === name)?.builtin) return;
  throw GatewayError.invalidRequest(`"${name}" is a built-in and is always on: it cannot be ${what}; only its config can change`, 'builtin_always_on', param);
}

function checkPlacement(definition: PluginDefinition, placement: string, param: string): void {
  if (definition.builtin) throw GatewayError.invalidRequest(`${param}: "${definition.name}" is a built-in; its place is fixed`, 'builtin_fixed', param);
  if (placement === 'builtin') throw GatewayError.invalidRequest(`${param}: custom plugins go in "pre_builtin" or "post_builtin"`, 'invalid_placement', param);
}

function checkConfig(definition: PluginDefinition, config: unknown): void {
  const parsed = z.safeParse(definition.configSchema, config);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw GatewayError.invalidRequest(
      formatIssues(parsed.error.issues, config).split('\n').map((l) => `config.${l}`).join('\n'),
      'invalid_config',
      ['config', ...issue.path.map(String)].join('.'),
    );
  }
}

function toRow(runtime: GatewayRuntime, name: string, body: z.output<typeof settingsSchema>, existing: PluginRow | undefined): PluginRowInput {
  const catalog = runtime.catalog;
  // A WASM plugin from the config file keeps its path unless the write names another.
  const path = body.path ?? existing?.path ?? runtime.loaded.fileEntries.find((e) => e.name === name)?.path;
  const definition = definitionOf(runtime, name, path);
  if (body.enabled === false) refuseBuiltin(catalog, name, 'disabled', 'enabled');
  if (body.order !== undefined) refuseBuiltin(catalog, name, 'moved', 'order');
  const placement = body.placement ?? existing?.placement ?? 'post_builtin';
  if (body.placement !== undefined || !existing) checkPlacement(definition, placement, 'placement');
  const config = body.config ?? existing?.config ?? {};
  checkConfig(definition, config);
  return {
    name,
    enabled: body.enabled ?? existing?.enabled ?? true,
    placement,
    order: body.order ?? existing?.order ?? 0,
    config,
    // An API write outranks the file's entry of the same version, so a redeploy does not undo it.
    version: body.version ?? (existing ? existing.version : 1),
    is_custom: !definition.builtin,
    fail_closed: body.fail_closed ?? existing?.fail_closed,
    path,
  };
}

async function one(env: Cloudflare.Env, runtime: GatewayRuntime, name: string) {
  const row = await getPluginRow(env.DB!, name);
  if (!row) throw notFound(name);
  return (await describePlugins(env, runtime, [row]))[0];
}
