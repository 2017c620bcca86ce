import type { Context } from 'hono';
import type { AppEnv } from '../../app-env';
import { getLogRow, type LogRow } from '../../../plugins/logging/log-rows';
import { requireDb } from '../../routes/admin/require-db';
import { formatMs, formatTime, formatUsd } from '../format';
import { Layout, renderNotFound, renderPage } from '../layout';
import { TimelineView } from '../timeline-view';

/** GET /ui/logs/:id: one request: its facts, its timeline (hooks, attempts, tries), its content. */
export async function logDetailPage(c: Context<AppEnv>): Promise<Response> {
  const id = c.req.param('id') ?? '';
  const row = await getLogRow(requireDb(c.env), id);
  if (!row) return renderNotFound(c, 'logs', `No request “${id}” in the logs`);
  // Rows written before the timeline column existed have none.
  const { timeline } = row;
  return renderPage(
    c,
    <Layout title={`Request ${id}`} section="logs">
      <p>
        <a href="/ui/logs">← Logs</a>
      </p>
      <h1 class="break">Request {id}</h1>
      <Facts row={row} />
      <section aria-labelledby="timeline-title">
        <h2 id="timeline-title">Timeline</h2>
        {timeline ? <TimelineView timeline={timeline} totalMs={row.latency_ms} /> : <p class="muted" data-no-timeline>No timeline recorded for this request.</p>}
      </section>
      <Content title="Request body" text={row.request_body} />
      <Content title="Response" text={row.response_text} />
    </Layout>,
  );
}

function Facts({ row: r }: { row: LogRow }) {
  const facts: [string, string][] = [
    ['Time', formatTime(r.created_at)],
    ['Route', `${r.method} ${r.path}`],
    ['Status', String(r.status)],
    ['Model', r.provider ? `${r.provider}/${r.model ?? ''}` : '—'],
    ['Requested', r.requested_model ?? '—'],
    ['Answered by attempt', r.fallback_index === 0 ? 'primary' : `fallback ${r.fallback_index}`],
    ['Streamed', r.stream ? 'yes' : 'no'],
    ['Latency', formatMs(r.latency_ms)],
    ['Tokens in / out', r.input_tokens === null ? '—' : `${r.input_tokens} / ${r.output_tokens ?? 0}`],
    ['Cost', formatUsd(r.cost)],
    ['Cache', r.cache_hit ? 'hit' : 'miss'],
    ['Virtual key', r.virtual_key ?? '—'],
  ];
  if (r.error_type || r.error_message) facts.push(['Error', `${r.error_type ?? ''}: ${r.error_message ?? ''}`]);
  for (const [name, value] of Object.entries(r.headers ?? {})) facts.push([`Header ${name}`, value]);
  return (
    <dl class="facts card detail">
      {facts.map(([k, v]) => (
        <>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </>
      ))}
    </dl>
  );
}

function Content(props: { title: string; text: string | null }) {
  return (
    <details class="card">
      <summary>{props.title}</summary>
      {props.text === null ? <p class="muted">Not recorded (content logging is off, or there was none).</p> : <pre>{props.text}</pre>}
    </details>
  );
}
