import type { Context } from 'hono';
import type { AppEnv } from '../../app-env';
import { configJsonSchema } from '../../config/config-json-schema';
import { describeAllPlugins } from '../../routes/admin/describe-plugins';
import { requireDb } from '../../routes/admin/require-db';
import { configFields, Field } from '../config-form';
import { Layout, renderNotFound, renderPage } from '../layout';

/** GET /ui/plugins/:name: the plugin's config as a form generated from its schema. */
export async function pluginConfigPage(c: Context<AppEnv>): Promise<Response> {
  const name = c.req.param('name') ?? '';
  const plugin = (await describeAllPlugins({ ...c.env, DB: requireDb(c.env) }, c.var.runtime)).find((p) => p.name === name);
  const definition = c.var.runtime.catalog.find((d) => d.name === name);
  if (!plugin || !definition) return renderNotFound(c, 'plugins', `No plugin “${name}” in the sequence`);
  const fields = configFields(configJsonSchema(definition), plugin.config);
  return renderPage(
    c,
    <Layout title={`${name} config`} section="plugins">
      <p>
        <a href="/ui/plugins">← Plugins</a>
      </p>
      <h1>{name}</h1>
      {plugin.is_custom ? (
        <form class="card" data-api={`/api/plugins/${encodeURIComponent(name)}`} data-method="PUT" data-ensure="config" novalidate>
          <p class="hint">
            Empty fields take their default. Values like <code>env.NAME</code> are read from Worker secrets when the plugin starts.
          </p>
          {fields.map((f) => (
            <Field field={f} />
          ))}
          <p class="error" data-form-error role="alert" hidden></p>
          <button type="submit" class="primary">
            Save config
          </button>
        </form>
      ) : (
        <section class="card">
          <p>Built-ins are configured from <code>config.json</code> (the <code>client</code> block, or the section named after the built-in) and take effect at the next deploy.</p>
        </section>
      )}
    </Layout>,
  );
}
