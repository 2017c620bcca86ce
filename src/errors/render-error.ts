import { GatewayError } from './gateway-error';

/** Anything thrown that is not a GatewayError is our bug: say so without leaking internals. */
export function asGatewayError(err: unknown): GatewayError {
  if (err instanceof GatewayError) return err;
  console.error(JSON.stringify({ level: 'error', msg: 'unhandled error', error: err instanceof Error ? err.stack : String(err) }));
  return new GatewayError({ status: 500, type: 'server_error', message: 'Internal gateway error', cause: err });
}
