import type { ModelTarget } from '../../src/types/chat';
import type { ProviderConfig } from './virtual-key-rows';

// A virtual key's weighted provider configs (Bifrost's `provider_configs`): they restrict which
// providers and models the key may use, and route a model sent without a provider.

const serves = (config: ProviderConfig, model: string) => config.allowed_models.length === 0 || config.allowed_models.includes(model);

/** Whether the key's configs let it use provider/model (true when it has none). */
export function configAllows(configs: readonly ProviderConfig[], provider: string, model: string): 'ok' | 'provider' | 'model' {
  if (configs.length === 0) return 'ok';
  const config = configs.find((c) => c.provider === provider);
  if (!config) return 'provider';
  return serves(config, model) ? 'ok' : 'model';
}

/**
 * For a model sent without a provider: one of the configs that serve it, drawn by weight, and the
 * others as fallbacks, heaviest first. Undefined when none serves it.
 */
export function pickProvider(configs: readonly ProviderConfig[], model: string, random = Math.random()): { primary: ModelTarget; fallbacks: ModelTarget[] } | undefined {
  const eligible = configs.filter((c) => serves(c, model));
  if (eligible.length === 0) return undefined;
  const total = eligible.reduce((sum, c) => sum + c.weight, 0);
  let point = random * total;
  const chosen = eligible.find((c) => (point -= c.weight) < 0) ?? eligible[eligible.length - 1]!;
  const rest = eligible.filter((c) => c !== chosen).sort((a, b) => b.weight - a.weight);
  return { primary: { provider: chosen.provider, model }, fallbacks: rest.map((c) => ({ provider: c.provider, model })) };
}
