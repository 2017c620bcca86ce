import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { AppEnv } from '../../app-env';
import { GatewayError } from '../../errors/gateway-error';
import { type LogFilter, type LogRow, logBuckets } from '../../../plugins/logging/log-rows';
import { logPage, parseLogQuery } from '../../routes/admin/logs-api';
import { requireDb } from '../../routes/admin/require-db';
import { formatMs, formatTime, formatUsd } from '../format';
import { Layout, renderPage } from '../layout';
import { TrafficChart } from '../traffic-chart';

const CHART_BUCKETS = 30;
const DEFAULT_WINDOW_MS = 60 * 60 * 1000;

/** GET /ui/logs: the logs API's filters as a form, a traffic chart, and one page of requests. */
export async function logsPage(c: Context<AppEnv>): Promise<Response> {
  const db = requireDb(c.env);
  // An empty field means "any", as when the filter is left out of the API's query.
  const query = Object.fromEntries(Object.entries(c.req.query()).filter(([, v]) => v !== ''));
  let filter: LogFilter;
  try {
    filter = parseLogQuery(query);
  } catch (err) {
    if (!(err instanceof GatewayError)) throw err;
    return renderPage(c, <LogsLayout query={query} error={err.message} />);
  }
  const page = await logPage(db, filter);
  const to = filter.to ?? Date.now();
  const from = filter.from ?? to - DEFAULT_WINDOW_MS;
  const bucketMs = Math.max(1000, Math.ceil((to - from) / CHART_BUCKETS));
  const buckets = await logBuckets(db, { ...filter, from, to }, bucketMs);
  const { cursor: _cursor, ...kept } = query;
  const older = page.next_cursor ? `/ui/logs?${new URLSearchParams({ ...kept, cursor: page.next_cursor })}` : null;
  return renderPage(
    c,
    <LogsLayout query={query} loggingOff={c.var.runtime.loaded.config.client.enable_logging !== true}>
      <TrafficChart buckets={buckets} from={from} to={to} bucketMs={bucketMs} />
      <LogTable rows={page.logs} />
      {older && (
        <p>
          <a href={older} rel="next">
            Older requests →
          </a>
        </p>
      )}
    </LogsLayout>,
  );
}

function LogsLayout(props: { query: Record<string, string>; error?: string; loggingOff?: boolean; children?: Child }) {
  const q = props.query;
  return (
    <Layout title="Logs" section="logs">
      <h1>Logs</h1>
      {props.loggingOff && (
        <p class="note warn">
          Request logging is off: set <code>"enable_logging": true</code> in <code>config.json</code>'s <code>client</code> block.
        </p>
      )}
      <form class="filters card" method="get" action="/ui/logs" data-log-filters>
        <div class="field">
          <label for="from-local">From</label>
          <input type="datetime-local" id="from-local" data-ms-for="from" step="1" />
          <input type="hidden" name="from" value={q.from ?? ''} />
        </div>
        <div class="field">
          <label for="to-local">To</label>
          <input type="datetime-local" id="to-local" data-ms-for="to" step="1" />
          <input type="hidden" name="to" value={q.to ?? ''} />
        </div>
        <TextFilter name="provider" label="Provider" value={q.provider} />
        <TextFilter name="model" label="Model" value={q.model} />
        <TextFilter name="virtual_key" label="Virtual key id" value={q.virtual_key} />
        <div class="field">
          <label for="filter-status">Status</label>
          <input type="number" id="filter-status" name="status" min="100" max="599" value={q.status ?? ''} />
        </div>
        <div class="field">
          <label for="filter-limit">Per page</label>
          <select id="filter-limit" name="limit">
            {['25', '50', '100', '200'].map((n) => (
              <option value={n} selected={(q.limit ?? '50') === n}>
                {n}
              </option>
            ))}
          </select>
        </div>
        <div class="actions">
          <button type="submit" class="primary">
            Filter
          </button>
          <a href="/ui/logs">Clear</a>
        </div>
      </form>
      {props.error ? (
        <p class="error" role="alert">
          {props.error}
        </p>
      ) : (
        props.children
      )}
    </Layout>
  );
}

function TextFilter(props: { name: string; label: string; value: string | undefined }) {
  return (
    <div class="field">
      <label for={`filter-${props.name}`}>{props.label}</label>
      <input type="text" id={`filter-${props.name}`} name={props.name} value={props.value ?? ''} />
    </div>
  );
}

function LogTable({ rows }: { rows: LogRow[] }) {
  if (rows.length === 0) return <p class="muted">No requests match.</p>;
  return (
    <div class="table-wrap">
      <table class="logs">
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Status</th>
            <th scope="col">Model</th>
            <th scope="col">Latency</th>
            <th scope="col">Tokens in/out</th>
            <th scope="col">Cost</th>
            <th scope="col">Cache</th>
            <th scope="col">Virtual key</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr data-log-id={r.id}>
              <td>
                <a href={`/ui/logs/${encodeURIComponent(r.id)}`}>{formatTime(r.created_at)}</a>
              </td>
              <td class={r.status >= 400 ? 'status-error' : 'status-ok'}>{r.status}</td>
              <td>{r.provider ? `${r.provider}/${r.model ?? ''}` : (r.requested_model ?? r.path)}</td>
              <td>{formatMs(r.latency_ms)}</td>
              <td>{r.input_tokens === null ? '—' : `${r.input_tokens} / ${r.output_tokens ?? 0}`}</td>
              <td>{formatUsd(r.cost)}</td>
              <td>{r.cache_hit ? 'hit' : ''}</td>
              <td>{r.virtual_key ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
