import { upstreamTimeout } from '../upstream-errors';
import { GatewayError } from '../../errors/gateway-error';
import type { ProviderCall } from '../types';

/** The part of the Workers AI binding (`[ai] binding = "AI"`) this provider uses. */
export interface AiLike {
  run(model: string, inputs: object, options?: object): Promise<unknown>;
}

/** The binding when the Worker has one; the REST API is used otherwise. */
export function aiBinding(call: ProviderCall): AiLike | undefined {
  const ai = (call.env as unknown as { AI?: AiLike }).AI;
  return ai && typeof ai.run === 'function' ? ai : undefined;
}

/**
 * `AI.run` with the provider's deadline, as upstreamFetch gives HTTP calls: a binding that does
 * not answer in time is a retryable 504; anything it throws goes through `mapError`.
 */
export async function runWithDeadline(
  call: ProviderCall,
  ai: AiLike,
  model: string,
  inputs: object,
  mapError: (err: unknown) => GatewayError,
): Promise<unknown> {
  const { provider } = call;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(upstreamTimeout(provider)),
      provider.timeoutMs,
    );
  });
  try {
    return await Promise.race([ai.run(model, inputs).catch((err: unknown) => Promise.reject(mapError(err))), deadline]);
  } finally {
    clearTimeout(timer);
  }
}
