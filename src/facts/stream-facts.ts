import type { GatewayError } from '../errors/gateway-error';
import type { TrackedStream } from '../pipeline/hook-context';
import type { StreamEvent } from '../types/chat';
import { type Attempt, errorFacts, recordAnswer, recordUsage } from './attempt';
import { ResponseAssembler } from './response-assembler';

/** Text a streamed attempt's facts keep (the client got all of it): enough for logs and traces. */
const MAX_KEPT_CHARS = 1 << 20;
/** Inter-token gaps kept per stream, for the latency histogram. */
const MAX_GAPS = 8192;

/**
 * The facts of a streamed attempt, taken from the events the client is sent (after the post hooks):
 * time to first token and the gaps after it, the assembled answer, usage and cost at the end. The
 * attempt's stream stage feeds it; it is ended once, by the stream's end, an error, or the request
 * closing first (the client hung up).
 */
export class StreamFacts implements TrackedStream {
  private readonly assembler: ResponseAssembler;
  private lastToken: number | undefined;
  private error: GatewayError | undefined;
  private settled = false;
  /** Choices that finished. */
  private readonly finished = new Set<number>();

  constructor(private readonly attempt: Attempt) {
    this.assembler = new ResponseAssembler(attempt.provider, '', MAX_KEPT_CHARS);
  }

  /**
   * One batch of events the client is sent, as one upstream read brought them: one clock reading
   * for all of them (the Workers clock does not move while code runs anyway). True once nothing but
   * the stream's end can follow: an error, or every choice seen has finished.
   */
  batch(events: readonly StreamEvent[]): boolean {
    const now = Date.now();
    let closing = false;
    for (const event of events) if (this.event(event, now)) closing = true;
    return closing;
  }

  private event(event: StreamEvent, now: number): boolean {
    if (event.type === 'text-delta' || event.type === 'tool-call-delta') {
      const { attempt } = this;
      if (this.lastToken === undefined) attempt.firstTokenAt = now;
      else if (attempt.interTokenSeconds.length < MAX_GAPS) attempt.interTokenSeconds.push((now - this.lastToken) / 1000);
      this.lastToken = now;
    } else if (event.type === 'start') {
      // Known before the usage arrives: the answer's model is what the usage is priced by.
      this.attempt.responseModel = event.model || undefined;
    } else if (event.type === 'error') this.error = event.error;
    this.assembler.add(event);
    // Usage comes with a finish: priced now, so an encoder that writes it out with the finish
    // (Anthropic's message_delta) has the cost; the end records the whole answer.
    if (event.type === 'finish') {
      if (event.usage) recordUsage(this.attempt, event.usage);
      this.finished.add(event.index);
      for (const index of this.assembler.choiceIndices()) if (!this.finished.has(index)) return false;
      return true;
    }
    return event.type === 'error';
  }

  /** True once `end` ran: nothing more is recorded. */
  get ended(): boolean {
    return this.settled;
  }

  /** Settles the attempt: its answer so far, priced, and the error that ended it, if one did. */
  end(error?: GatewayError): void {
    if (this.settled) return;
    this.settled = true;
    const { attempt } = this;
    recordAnswer(attempt, this.assembler.response());
    const failure = this.error ?? error;
    if (failure) attempt.error = errorFacts(failure);
    const now = Date.now();
    attempt.end = now;
    for (const t of attempt.tries) t.end ??= now;
  }
}
