// One error type for the whole gateway: a status, an OpenAI-style type/code, whether retrying or
// falling back may help. Rendered to the route's dialect by one handler (see render-error.ts).

export interface GatewayErrorInit {
  status: number;
  type: string;
  message: string;
  code?: string | null;
  param?: string | null;
  /** Upstream 408/409/429/5xx and network failures are retryable; client mistakes are not. */
  retryable?: boolean;
  /** `false` stops the fallback chain (Bifrost's `AllowFallbacks`); undefined means allowed. */
  allowFallbacks?: boolean;
  /** The provider that produced it, when it came from upstream. */
  provider?: string;
  cause?: unknown;
}

export class GatewayError extends Error {
  readonly status: number;
  readonly type: string;
  readonly code: string | null;
  readonly param: string | null;
  readonly retryable: boolean;
  allowFallbacks: boolean | undefined;
  readonly provider: string | undefined;
  /** How long the upstream asked to wait (its `retry-after`), in seconds; passed on to the client. */
  retryAfterSeconds: number | undefined;

  constructor(init: GatewayErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'GatewayError';
    this.status = init.status;
    this.type = init.type;
    this.code = init.code ?? null;
    this.param = init.param ?? null;
    this.retryable = init.retryable ?? false;
    this.allowFallbacks = init.allowFallbacks;
    this.provider = init.provider;
  }

  /** OpenAI's error body, the gateway's default dialect: `{ error: { message, type, param, code } }`. */
  toJSON(): { error: { message: string; type: string; param: string | null; code: string | null } } {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
  }

  static invalidRequest(message: string, code: string | null = null, param: string | null = null): GatewayError {
    return new GatewayError({ status: 400, type: 'invalid_request_error', message, code, param });
  }

  /** Wraps anything thrown into a GatewayError without losing a GatewayError's own fields. */
  static from(err: unknown, fallback: Omit<GatewayErrorInit, 'message' | 'cause'>): GatewayError {
    if (err instanceof GatewayError) return err;
    const message = err instanceof Error ? err.message : String(err);
    return new GatewayError({ ...fallback, message, cause: err });
  }
}

export const isRetryableStatus = (status: number): boolean =>
  status === 408 || status === 409 || status === 429 || status >= 500;
