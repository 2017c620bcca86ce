import { GatewayError } from '../errors/gateway-error';
import type { StreamEventBatches } from '../types/chat';

/**
 * Ends a stream that stays silent for `idleMs`, or whose connection drops, with an error event
 * (cancelling the source on idle). The
 * timer is re-armed per upstream read, not per event, so a fast stream pays one timer per batch.
 */
export function withIdleTimeout(stream: StreamEventBatches, idleMs: number, provider: string): StreamEventBatches {
  const reader = stream.getReader();
  return new ReadableStream(
    {
      async pull(controller) {
        let timer: ReturnType<typeof setTimeout> | undefined;
        const idle = new Promise<'idle'>((resolve) => {
          timer = setTimeout(() => resolve('idle'), idleMs);
        });
        let next: Awaited<ReturnType<typeof reader.read>> | 'idle';
        try {
          next = await Promise.race([reader.read(), idle]);
        } catch (err) {
          // The connection dropped mid-stream: say so in the stream instead of cutting it off.
          clearTimeout(timer);
          const error = new GatewayError({
            status: 502,
            type: 'upstream_error',
            code: 'upstream_disconnected',
            message: `provider "${provider}" dropped the stream: ${err instanceof Error ? err.message : String(err)}`,
            retryable: true,
            provider,
          });
          controller.enqueue([{ type: 'error', error }]);
          controller.close();
          return;
        }
        clearTimeout(timer);
        if (next === 'idle') {
          const error = new GatewayError({
            status: 504,
            type: 'upstream_error',
            code: 'stream_idle_timeout',
            message: `provider "${provider}" sent nothing for ${idleMs} ms`,
            retryable: true,
            provider,
          });
          controller.enqueue([{ type: 'error', error }]);
          controller.close();
          void reader.cancel(error).catch(() => {});
          return;
        }
        if (next.done) controller.close();
        else controller.enqueue(next.value);
      },
      cancel(reason) {
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}
