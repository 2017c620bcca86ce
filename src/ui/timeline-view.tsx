import type { TimelineRecord } from '../pipeline/timeline';
import { formatMs } from './format';

/** One request's hooks in the order they ran and its attempts with their tries, each with a bar on one time axis. */
export function TimelineView({ timeline, totalMs }: { timeline: TimelineRecord; totalMs: number }) {
  const span = Math.max(1, totalMs, ...timeline.hooks.map((h) => h.start_ms + h.duration_ms), ...timeline.attempts.map((a) => a.end_ms));
  const bar = (start: number, duration: number) => (
    <svg class="span-bar" viewBox="0 0 100 8" preserveAspectRatio="none" aria-hidden="true">
      <rect x={(start / span) * 100} y="0" width={Math.max(0.5, (duration / span) * 100)} height="8" />
    </svg>
  );
  return (
    <>
      <h3>Hooks, in the order they ran</h3>
      <div class="table-wrap">
        <table class="timeline" data-timeline-hooks>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Plugin</th>
              <th scope="col">Hook</th>
              <th scope="col">Attempt</th>
              <th scope="col">Start</th>
              <th scope="col">Duration</th>
              <th scope="col" class="bar-col">
                <span class="sr-only">When</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {timeline.hooks.map((h, i) => (
              <tr class={h.failed ? 'failed' : undefined} data-hook={`${h.plugin}.${h.hook}`}>
                <td>{i + 1}</td>
                <td>{h.plugin}</td>
                <td>
                  {h.hook}
                  {h.calls > 1 ? ` ×${h.calls}` : ''}
                  {h.failed ? ' (failed)' : ''}
                </td>
                <td>{h.attempt ?? '—'}</td>
                <td>{formatMs(h.start_ms)}</td>
                <td>{formatMs(h.duration_ms)}</td>
                <td class="bar-col">{bar(h.start_ms, h.duration_ms)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h3>Attempts</h3>
      {timeline.attempts.length === 0 ? (
        <p class="muted">No provider was called (answered by a plugin or refused before).</p>
      ) : (
        <ol class="attempts">
          {timeline.attempts.map((a) => (
            <li class="card">
              <strong>
                {a.index === 0 ? 'Primary' : `Fallback ${a.index}`}: {a.provider}/{a.model}
              </strong>{' '}
              — {a.short_circuit_by ? `answered by the ${a.short_circuit_by} plugin` : (a.outcome ?? 'unsettled')}, {formatMs(a.start_ms)} → {formatMs(a.end_ms)}
              {a.error && <p class="error">{a.error}</p>}
              {bar(a.start_ms, a.end_ms - a.start_ms)}
              {a.tries.length > 0 && (
                <ul class="tries">
                  {a.tries.map((t) => (
                    <li>
                      try {t.try + 1}
                      {t.key ? ` with key “${t.key}”` : ''}: {t.status ?? 'no status'} in {formatMs(t.end_ms - t.start_ms)}
                      {t.error ? ` — ${t.error}` : ''}
                    </li>
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ol>
      )}
    </>
  );
}
