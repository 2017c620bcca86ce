import { GatewayError } from '../errors/gateway-error';
import type { LLMRequest, ModelTarget } from '../types/chat';

/** Longer than any provider's model id; a longer one is a client mistake or a probe. */
const MAX_MODEL_CHARS = 256;
/** Control characters and whitespace cannot travel in a provider's URL or header. */
const UNSENDABLE = /[\u0000-\u0020\u007f-\u009f]/;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * What a client asked to be tried: at most `maxFallbacks` fallbacks (each is an upstream call and
 * its retries), and model names a provider URL can carry (a lone surrogate or a control character
 * would fail only at the provider's URL building, as a retried 502).
 */
export function checkTargets(req: LLMRequest, maxFallbacks: number): void {
  if (req.fallbacks.length > maxFallbacks) {
    throw GatewayError.invalidRequest(`fallbacks: at most ${maxFallbacks} are allowed (client.max_fallbacks), got ${req.fallbacks.length}`, 'too_many_fallbacks', 'fallbacks');
  }
  checkModel(req, 'model');
  req.fallbacks.forEach((f, i) => checkModel(f, `fallbacks[${i}]`));
}

function checkModel(target: ModelTarget, param: string): void {
  const { model } = target;
  const what = model.length > MAX_MODEL_CHARS ? `is longer than ${MAX_MODEL_CHARS} characters` : LONE_SURROGATE.test(model) ? 'holds an unpaired surrogate' : UNSENDABLE.test(model) ? 'holds a control or space character' : undefined;
  if (what) throw GatewayError.invalidRequest(`${param}: the model name ${what}, which no provider accepts`, 'invalid_model', param);
}
