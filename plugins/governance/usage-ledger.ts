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

export interface LedgerState {
  budget: Window;
  tokens: Window;
  requests: Window;
  /** Requests let through, and how many of them reported back: equal once all finished. */
  admitted: number;
  settled: number;
}

export type Admission =
  | { ok: true }
  | { ok: false; status: 402 | 429; code: 'budget_exceeded' | 'rate_limited' | 'token_limited' | 'request_limited'; message: string };

/**
 * One object per virtual key: its budget and rate-limit counters. A Durable Object handles one call
 * at a time, so an admission and its count are one atomic step across every isolate: under N
 * concurrent requests the budget is overshot by at most the cost of requests already admitted, and
 * every admitted request is settled into the ledger.
 */
export class UsageLedger extends DurableObject<Cloudflare.Env> {
  private state: LedgerState = { budget: { start: 0, used: 0 }, tokens: { start: 0, used: 0 }, requests: { start: 0, used: 0 }, admitted: 0, settled: 0 };

  constructor(ctx: DurableObjectState, env: Cloudflare.Env) {
    super(ctx, env);
    void ctx.blockConcurrencyWhile(async () => {
      this.state = (await ctx.storage.get<LedgerState>('state')) ?? this.state;
    });
  }

  async admit(limits: KeyLimits): Promise<Admission> {
    this.roll(limits, Date.now());
    const { budget, tokens, requests } = this.state;
    if (limits.budget_max_usd !== null && budget.used >= limits.budget_max_usd) {
      return { ok: false, status: 402, code: 'budget_exceeded', message: `budget of $${limits.budget_max_usd} used ($${budget.used.toFixed(6)})` };
    }
    const tokensOut = limits.token_max !== null && tokens.used >= limits.token_max;
    const requestsOut = limits.request_max !== null && requests.used >= limits.request_max;
    if (tokensOut && requestsOut) {
      return { ok: false, status: 429, code: 'rate_limited', message: `token limit of ${limits.token_max} per ${limits.token_window} and request limit of ${limits.request_max} per ${limits.request_window} both reached` };
    }
    if (tokensOut) {
      return { ok: false, status: 429, code: 'token_limited', message: `token limit of ${limits.token_max} per ${limits.token_window} reached` };
    }
    if (requestsOut) {
      return { ok: false, status: 429, code: 'request_limited', message: `request limit of ${limits.request_max} per ${limits.request_window} reached` };
    }
    requests.used++;
    this.state.admitted++;
    await this.ctx.storage.put('state', this.state);
    return { ok: true };
  }

  async settle(limits: KeyLimits, cost: number, tokensUsed: number): Promise<void> {
    this.roll(limits, Date.now());
    this.state.budget.used += cost;
    this.state.tokens.used += tokensUsed;
    this.state.settled++;
    await this.ctx.storage.put('state', this.state);
  }

  usage(limits: KeyLimits): LedgerState {
    this.roll(limits, Date.now());
    return this.state;
  }

  /** Starts a new period for each counter whose period ended. */
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
  }
}
