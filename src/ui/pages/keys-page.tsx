import type { Context } from 'hono';
import type { AppEnv } from '../../app-env';
import { type KeyUsage, keyUsage } from '../../../plugins/governance/key-usage';
import { listKeys, type VirtualKey } from '../../../plugins/governance/virtual-key-rows';
import { requireDb } from '../../routes/admin/require-db';
import { Field, type FieldSpec } from '../config-form';
import { formatPercent, formatUsd } from '../format';
import { Layout, renderPage } from '../layout';

const API = '/api/governance/virtual-keys';

/** GET /ui/keys: create, edit, block and delete virtual keys; usage against each key's limits. */
export async function keysPage(c: Context<AppEnv>): Promise<Response> {
  const keys = await listKeys(requireDb(c.env));
  const usages = await Promise.all(keys.map((k) => keyUsage(c.env, k)));
  return renderPage(
    c,
    <Layout title="Virtual keys" section="keys">
      <h1>Virtual keys</h1>
      <div id="new-key" class="card note" role="status" hidden>
        <p>
          <strong>Copy this key now: it is not shown again.</strong>
        </p>
        <p>
          <code class="secret" data-secret></code>
        </p>
        <button type="button" data-copy-secret>
          Copy
        </button>{' '}
        <button type="button" class="primary" data-reload>
          Done
        </button>
      </div>
      <details class="card" open={keys.length === 0}>
        <summary>Create a virtual key</summary>
        <form data-api={API} data-method="POST" data-on-success="show-secret" novalidate>
          {keyFields(undefined).map((f) => (
            <Field field={f} scope="new-key" />
          ))}
          <p class="error" data-form-error role="alert" hidden></p>
          <button type="submit" class="primary">
            Create key
          </button>
        </form>
      </details>
      {keys.length === 0 ? (
        <p class="muted">No virtual keys yet.</p>
      ) : (
        <ul class="cards">
          {keys.map((k, i) => (
            <KeyCard vk={k} usage={usages[i]!} />
          ))}
        </ul>
      )}
    </Layout>,
  );
}

/** The create and edit forms' fields; names are the API's, so its 400s land on the right field. */
function keyFields(k: VirtualKey | undefined): FieldSpec[] {
  const field = (name: keyof VirtualKey, label: string, kind: FieldSpec['kind'], description?: string): FieldSpec => ({
    name,
    label,
    kind,
    required: name === 'name',
    description,
    value: k?.[name],
    empty: kind === 'lines' ? 'keep' : name === 'name' ? 'omit' : 'null',
  });
  return [
    field('name', 'Name', 'string'),
    { ...field('is_active', 'Active', 'boolean'), value: k?.is_active ?? true },
    field('budget_max_usd', 'Budget (USD)', 'number', 'empty = no budget'),
    field('budget_reset', 'Budget resets every', 'string', 'e.g. 1h, 1d, 1w, 1M; empty = never'),
    field('request_max', 'Requests at most', 'integer', 'empty = no request limit'),
    field('request_window', 'per', 'string', 'e.g. 1m, 1h'),
    field('token_max', 'Tokens at most', 'integer', 'empty = no token limit'),
    field('token_window', 'per', 'string', 'e.g. 1m, 1h, 1d'),
    field('allowed_providers', 'Allowed providers', 'lines', 'empty = all'),
    field('allowed_models', 'Allowed models', 'lines', 'provider/model or model; empty = all'),
  ];
}

function KeyCard({ vk: k, usage }: { vk: VirtualKey; usage: KeyUsage }) {
  const url = `${API}/${encodeURIComponent(k.id)}`;
  return (
    <li class="card key" data-key-id={k.id} data-key-name={k.name}>
      <div class="card-head">
        <h3>{k.name}</h3>
        <span class={`badge ${k.is_active ? 'active' : 'error'}`}>{k.is_active ? 'active' : 'blocked'}</span>
      </div>
      <dl class="facts">
        <dt>id</dt>
        <dd>{k.id}</dd>
        <dt>key</dt>
        <dd>
          <code>{k.key_prefix}…</code>
        </dd>
        <dt>providers</dt>
        <dd>{k.allowed_providers.length ? k.allowed_providers.join(', ') : 'all'}</dd>
        <dt>models</dt>
        <dd>{k.allowed_models.length ? k.allowed_models.join(', ') : 'all'}</dd>
      </dl>
      <div class="usage" data-usage>
        <Usage label="Budget" used={usage.usage?.budget.used} max={k.budget_max_usd} per={k.budget_reset} format={(n) => formatUsd(n)} />
        <Usage label="Requests" used={usage.usage?.requests.used} max={k.request_max} per={k.request_window} format={String} />
        <Usage label="Tokens" used={usage.usage?.tokens.used} max={k.token_max} per={k.token_window} format={String} />
      </div>
      <div class="actions">
        <button type="button" data-api={url} data-method="PUT" data-body={JSON.stringify({ is_active: !k.is_active })}>
          {k.is_active ? 'Block' : 'Unblock'}
        </button>
        <button type="button" class="danger" data-api={url} data-method="DELETE" data-confirm={`Really delete ${k.name}?`}>
          Delete
        </button>
      </div>
      <details>
        <summary>Edit</summary>
        <form data-api={url} data-method="PUT" novalidate>
          {keyFields(k).map((f) => (
            <Field field={f} scope={k.id} />
          ))}
          <p class="error" data-form-error role="alert" hidden></p>
          <button type="submit" class="primary">
            Save
          </button>
        </form>
      </details>
    </li>
  );
}

function Usage(props: { label: string; used: number | undefined; max: number | null; per: string | null; format: (n: number) => string }) {
  const used = props.used ?? 0;
  if (props.max === null) {
    return (
      <p class="usage-row">
        <span>{props.label}</span> <span class="muted">{props.format(used)} used, no limit</span>
      </p>
    );
  }
  const percent = (used / props.max) * 100;
  return (
    <p class="usage-row">
      <span>{props.label}</span>
      <meter min={0} max={props.max} high={props.max * 0.8} value={Math.min(used, props.max)} aria-label={`${props.label} used`}></meter>
      <span>
        {props.format(used)} of {props.format(props.max)}
        {props.per ? ` per ${props.per}` : ''} ({formatPercent(percent)})
      </span>
    </p>
  );
}
