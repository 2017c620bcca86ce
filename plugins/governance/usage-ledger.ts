import { DurableObject } from 'cloudflare:workers';
import { periodEnd } from '../../src/config/duration';

export interface KeyLimits {
  budget_max_usd: number | null;
  budget_reset: string | null;
  token_max: number | null;
  token_window: string | null;
  request_max: number | null;
  request_window: string | null;
}

interface Window {
  start: number;
  used: number;
}

/** What one admitted request may still spend: its worst case, held until it settles. */
export interface Reservation {
  /** The request id: settling or releasing names it. */
  id: string;
  cost: number;
  tokens: number;
}

export interface LedgerState {
  budget: Window;
  tokens: Window;
  requests: Window;
  /** Held for requests in flight, by request id (with when it was taken, for expiry). */
  reserved: Record<string, Reservation & { at: number }>;
  /** Requests let through, and how many of them reported back: equal once all finished. */
  admitted: number;
  settled: number;
}

export type Admission =
  | { ok: true }
  | { ok: false; status: 402 | 429; code: 'budget_exceeded' | 'rate_limited' | 'token_limited' | 'request_limited'; message: string };

/**
 * A reservation nobody settled within this long belongs to a request whose isolate died: it is
 * dropped, so a crash cannot lock a budget for good. Longer than any request (streams included).
 */
const RESERVATION_TTL_MS = 60 * 60 * 1000;

const sum = (reserved: LedgerState['reserved'], field: 'cost' | 'tokens') => Object.values(reserved).reduce((n, r) => n + r[field], 0);

/**
 * One object per governed scope (a virtual key, a team, a customer): its budget and rate-limit
 * counters. A Durable Object handles one call at a time, so an admission and its reservation are one
 * atomic step across every isolate. A request is admitted only if its worst case (reserved at
 * admission) fits beside what was spent and what requests in flight hold; at settlement the
 * reservation is replaced by what it really spent. So under any concurrency the spend exceeds the
 * budget at most by one request's reservation error, and the ledger adds up exactly.
 */
export class UsageLedger extends DurableObject<Cloudflare.Env> {
  private state: LedgerState = { budget: { start: 0, used: 0 }, tokens: { start: 0, used: 0 }, requests: { start: 0, used: 0 }, reserved: {}, admitted: 0, settled: 0 };

  constructor(ctx: DurableObjectState, env: Cloudflare.Env) {
    super(ctx, env);
    void ctx.blockConcurrencyWhile(async () => {
      const stored = await ctx.storage.get<LedgerState>('state');
      // Ledgers written before reservations existed have none.
      if (stored) this.state = { ...stored, reserved: stored.reserved ?? {} };
    });
  }

  async admit(limits: KeyLimits, reservation: Reservation): Promise<Admission> {
    const now = Date.now();
    this.roll(limits, now);
    const { budget, tokens, requests, reserved } = this.state;
    if (reserved[reservation.id]) return { ok: true };
    if (limits.budget_max_usd !== null) {
      const held = sum(reserved, 'cost');
      if (budget.used + held + reservation.cost > limits.budget_max_usd || budget.used >= limits.budget_max_usd) {
        const inFlight = held > 0 ? ` and $${held.toFixed(6)} held by requests in flight` : '';
        return { ok: false, status: 402, code: 'budget_exceeded', message: `budget of $${limits.budget_max_usd} cannot cover this request's worst case ($${reservation.cost.toFixed(6)}): $${budget.used.toFixed(6)} used${inFlight}` };
      }
    }
    const tokensOut = limits.token_max !== null && tokens.used + sum(reserved, 'tokens') + reservation.tokens > limits.token_max;
    const requestsOut = limits.request_max !== null && requests.used >= limits.request_max;
    if (tokensOut && requestsOut) {
      return { ok: false, status: 429, code: 'rate_limited', message: `token limit of ${limits.token_max} per ${limits.token_window} and request limit of ${limits.request_max} per ${limits.request_window} both reached` };
    }
    if (tokensOut) {
      return { ok: false, status: 429, code: 'token_limited', message: `token limit of ${limits.token_max} per ${limits.token_window} cannot cover this request's worst case (${reservation.tokens} tokens)` };
    }
    if (requestsOut) {
      return { ok: false, status: 429, code: 'request_limited', message: `request limit of ${limits.request_max} per ${limits.request_window} reached` };
    }
    requests.used++;
    reserved[reservation.id] = { ...reservation, at: now };
    this.state.admitted++;
    await this.ctx.storage.put('state', this.state);
    return { ok: true };
  }

  /** The request finished: its reservation gives way to what it really spent. */
  async settle(limits: KeyLimits, id: string, cost: number, tokensUsed: number): Promise<void> {
    this.roll(limits, Date.now());
    delete this.state.reserved[id];
    this.state.budget.used += cost;
    this.state.tokens.used += tokensUsed;
    this.state.settled++;
    await this.ctx.storage.put('state', this.state);
  }

  /** A request admitted here but refused at another level (its team's budget): as if never admitted. */
  async release(limits: KeyLimits, id: string): Promise<void> {
    this.roll(limits, Date.now());
    if (!this.state.reserved[id]) return;
    delete this.state.reserved[id];
    this.state.requests.used = Math.max(0, this.state.requests.used - 1);
    this.state.admitted--;
    await this.ctx.storage.put('state', this.state);
  }

  usage(limits: KeyLimits): LedgerState {
    this.roll(limits, Date.now());
    return this.state;
  }

  /** Starts a new period for each counter whose period ended, and drops reservations long abandoned. */
  private roll(limits: KeyLimits, now: number): void {
    const roll = (w: Window, duration: string | null) => {
      if (w.start === 0 || (duration && now >= periodEnd(w.start, duration))) {
        if (w.start !== 0) w.used = 0;
        w.start = now;
      }
    };
    roll(this.state.budget, limits.budget_reset);
    roll(this.state.tokens, limits.token_window);
    roll(this.state.requests, limits.request_window);
    for (const [id, r] of Object.entries(this.state.reserved)) if (now - r.at > RESERVATION_TTL_MS) delete this.state.reserved[id];
  }
}
