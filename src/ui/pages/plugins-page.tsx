import type { Context } from 'hono';
import type { AppEnv } from '../../app-env';
import { describeAllPlugins, type PluginView } from '../../routes/admin/describe-plugins';
import { requireDb } from '../../routes/admin/require-db';
import { Layout, renderPage } from '../layout';

/** GET /ui/plugins: every plugin in run order, its switch and state, and the sequence editor. */
export async function pluginsPage(c: Context<AppEnv>): Promise<Response> {
  const plugins = await describeAllPlugins({ ...c.env, DB: requireDb(c.env) }, c.var.runtime);
  const listed = new Set(plugins.map((p) => p.name));
  const unlisted = c.var.runtime.catalog.filter((d) => !listed.has(d.name)).map((d) => d.name);
  const group = (placement: PluginView['placement']) => plugins.filter((p) => p.placement === placement);
  const custom = plugins.filter((p) => p.is_custom);
  return renderPage(
    c,
    <Layout title="Plugins" section="plugins">
      <div class="page-head">
        <h1>Plugins</h1>
        {custom.length > 0 && (
          <button type="button" id="edit-sequence" aria-controls="sequence-editor" aria-expanded="false">
            Edit Plugin Sequence
          </button>
        )}
      </div>
      {custom.length > 0 && <SequenceEditor pre={group('pre_builtin')} builtins={group('builtin')} post={group('post_builtin')} />}
      <p class="hint">Plugins run top to bottom before the provider call, and bottom to top after it.</p>
      <Group title="Before built-ins" placement="pre_builtin" plugins={group('pre_builtin')} />
      <Group title="Built-in plugins" placement="builtin" plugins={group('builtin')} />
      <Group title="After built-ins" placement="post_builtin" plugins={group('post_builtin')} />
      {unlisted.length > 0 && (
        <p class="hint">
          Bundled but not in the sequence: {unlisted.join(', ')}. Add one with <code>POST /api/plugins</code> or an entry in <code>config.json</code>.
        </p>
      )}
    </Layout>,
  );
}

function Group(props: { title: string; placement: string; plugins: PluginView[] }) {
  return (
    <section aria-label={props.title}>
      <h2>
        {props.title} <code class="muted">{props.placement}</code>
      </h2>
      {props.plugins.length === 0 ? (
        <p class="muted">None.</p>
      ) : (
        <ul class="cards">
          {props.plugins.map((p) => (
            <PluginCard plugin={p} />
          ))}
        </ul>
      )}
    </section>
  );
}

function PluginCard({ plugin: p }: { plugin: PluginView }) {
  return (
    <li class="card plugin" data-plugin={p.name}>
      <div class="card-head">
        <h3>{p.name}</h3>
        <span class={`badge ${p.status}`} data-status>
          {p.status}
        </span>
        {p.is_custom ? (
          <label class="switch">
            <input type="checkbox" role="switch" data-toggle-plugin={p.name} checked={p.enabled} />
            <span>Enabled</span>
          </label>
        ) : (
          <span class="muted">always on</span>
        )}
      </div>
      <dl class="facts">
        <dt>placement</dt>
        <dd>{p.placement}</dd>
        <dt>order</dt>
        <dd>{p.order}</dd>
        <dt>version</dt>
        <dd>{p.is_custom || p.version > 0 ? p.version : '—'}</dd>
        <dt>config.json</dt>
        <dd>{p.file_version === null ? 'not listed' : `version ${p.file_version}`}</dd>
      </dl>
      {p.last_error && (
        <p class="error">
          <strong>Last error:</strong> {p.last_error}
        </p>
      )}
      {p.toggle && (
        <p class="note">
          A KV toggle overrides the stored settings{p.toggle.enabled === undefined ? '' : `: enabled = ${p.toggle.enabled}`}.{' '}
          <button type="button" class="link" data-api={`/api/plugins/${encodeURIComponent(p.name)}/toggle`} data-method="DELETE">
            Lift it
          </button>
        </p>
      )}
      {p.file_overrides && <FileOverrideNote plugin={p} />}
      {p.is_custom && <a href={`/ui/plugins/${encodeURIComponent(p.name)}`}>Configure</a>}
    </li>
  );
}

/** The config file wins at the next boot when its entry's version is higher than the stored row's. */
function FileOverrideNote({ plugin: p }: { plugin: PluginView }) {
  return (
    <p class="note warn" data-file-override>
      config.json holds version {p.file_version}, above the stored {p.version}: the next deploy replaces this plugin's placement, order, switch and config with the file's.
    </p>
  );
}

function SequenceEditor(props: { pre: PluginView[]; builtins: PluginView[]; post: PluginView[] }) {
  return (
    <section id="sequence-editor" class="card" hidden aria-labelledby="sequence-title">
      <h2 id="sequence-title">Plugin sequence</h2>
      <p id="sequence-help" class="hint">
        Drag a plugin above or below the built-in block, or focus it and press Alt+↑ / Alt+↓. Above runs before the built-ins (<code>pre_builtin</code>), below after them (
        <code>post_builtin</code>); higher runs first. Saved orders survive redeploys until a <code>config.json</code> entry's version is raised above the stored one.
      </p>
      <ol id="sequence-list" class="sequence">
        {props.pre.map((p) => (
          <SequenceItem plugin={p} />
        ))}
        <li class="builtin-block" data-builtin-block>
          <strong>Built-in Plugins</strong>
          <span class="muted"> {props.builtins.map((b) => b.name).join(' → ')} (fixed)</span>
        </li>
        {props.post.map((p) => (
          <SequenceItem plugin={p} />
        ))}
      </ol>
      <p class="error" data-form-error role="alert" hidden></p>
      <div class="actions">
        <button type="button" id="save-sequence" class="primary">
          Save Sequence
        </button>
        <button type="button" id="cancel-sequence">
          Cancel
        </button>
      </div>
    </section>
  );
}

function SequenceItem({ plugin: p }: { plugin: PluginView }) {
  return (
    <li class="sequence-item" draggable="true" tabindex={0} data-name={p.name} aria-describedby="sequence-help">
      <span class="grip" aria-hidden="true">
        ⠿
      </span>
      <span class="name">{p.name}</span>
      {!p.enabled && <span class="muted"> (off)</span>}
      {p.file_overrides && <span class="warn-text"> config.json v{p.file_version} overrides this at the next deploy</span>}
      <span class="move">
        <button type="button" data-move="up" aria-label={`Move ${p.name} up`}>
          ↑
        </button>
        <button type="button" data-move="down" aria-label={`Move ${p.name} down`}>
          ↓
        </button>
      </span>
    </li>
  );
}
