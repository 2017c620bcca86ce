import type { LogBucket } from '../../plugins/logging/log-rows';
import { formatMs, formatTime } from './format';

const WIDTH = 600;
const HEIGHT = 120;

/** Requests per bucket as bars, mean latency as a line, over [from, to); empty buckets count zero. */
export function TrafficChart(props: { buckets: LogBucket[]; from: number; to: number; bucketMs: number }) {
  const { bucketMs } = props;
  const byStart = new Map(props.buckets.map((b) => [b.start, b]));
  const first = Math.floor(props.from / bucketMs) * bucketMs;
  const slots: LogBucket[] = [];
  for (let start = first; start < props.to; start += bucketMs) slots.push(byStart.get(start) ?? { start, requests: 0, errors: 0, avg_latency_ms: 0 });
  const maxRequests = Math.max(1, ...slots.map((s) => s.requests));
  const maxLatency = Math.max(1, ...slots.map((s) => s.avg_latency_ms));
  const slot = WIDTH / slots.length;
  const total = slots.reduce((n, s) => n + s.requests, 0);
  const errors = slots.reduce((n, s) => n + s.errors, 0);
  // A step per bucket, so a single busy bucket still shows its latency.
  const steps = slots
    .map((s, i) => (s.requests > 0 ? `M${(i * slot).toFixed(1)} ${(HEIGHT - 2 - (s.avg_latency_ms / maxLatency) * (HEIGHT - 4)).toFixed(1)}h${slot.toFixed(1)}` : ''))
    .join('');
  const summary = `${total} requests (${errors} errors) from ${formatTime(first)} to ${formatTime(props.to)}; busiest ${maxRequests} per ${formatMs(bucketMs)}; slowest mean latency ${formatMs(maxLatency)}`;
  return (
    <figure class="chart card">
      <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} preserveAspectRatio="none" role="img" aria-label={summary}>
        {slots.map((s, i) => {
          const h = (s.requests / maxRequests) * (HEIGHT - 4);
          const eh = (s.errors / maxRequests) * (HEIGHT - 4);
          return (
            <g>
              <rect class="bar" x={i * slot + 1} y={HEIGHT - h} width={Math.max(1, slot - 2)} height={h} />
              {s.errors > 0 && <rect class="bar-error" x={i * slot + 1} y={HEIGHT - eh} width={Math.max(1, slot - 2)} height={eh} />}
            </g>
          );
        })}
        {steps && <path class="latency" d={steps} />}
      </svg>
      <figcaption>
        <span class="legend bar">requests (max {maxRequests} per {formatMs(bucketMs)})</span>
        <span class="legend bar-error">errors</span>
        <span class="legend latency">mean latency (max {formatMs(maxLatency)})</span>
        <span class="muted">
          {formatTime(first)} → {formatTime(props.to)}
        </span>
      </figcaption>
    </figure>
  );
}
