import { describe, expect, it } from 'vitest';
import { configAllows, pickProvider } from './provider-configs';

const configs = [
  { provider: 'openai', weight: 3, allowed_models: [] },
  { provider: 'groq', weight: 1, allowed_models: ['llama-3.3-70b'] },
  { provider: 'deepseek', weight: 6, allowed_models: [] },
];

describe('virtual key provider configs', () => {
  it('draws the provider by weight among the configs that serve the model', () => {
    // Cumulative weights over the eligible configs (openai 3, deepseek 6; groq does not serve gpt-4o): 0–3 openai, 3–9 deepseek.
    expect(pickProvider(configs, 'gpt-4o', 0)?.primary).toEqual({ provider: 'openai', model: 'gpt-4o' });
    expect(pickProvider(configs, 'gpt-4o', 0.33)?.primary.provider).toBe('openai');
    expect(pickProvider(configs, 'gpt-4o', 0.34)?.primary.provider).toBe('deepseek');
    expect(pickProvider(configs, 'gpt-4o', 0.999)?.primary.provider).toBe('deepseek');
  });

  it('offers the other eligible providers as fallbacks, heaviest first', () => {
    expect(pickProvider(configs, 'llama-3.3-70b', 0)?.fallbacks.map((f) => f.provider)).toEqual(['deepseek', 'groq']);
    expect(pickProvider(configs, 'llama-3.3-70b', 0.99)?.fallbacks.map((f) => f.provider)).toEqual(['openai', 'groq']);
  });

  it('finds no provider when no config serves the model', () => {
    expect(pickProvider([{ provider: 'groq', weight: 1, allowed_models: ['llama-3.3-70b'] }], 'gpt-4o', 0.5)).toBeUndefined();
  });

  it('restricts providers and models only when the key has configs', () => {
    expect(configAllows([], 'anything', 'any')).toBe('ok');
    expect(configAllows(configs, 'groq', 'llama-3.3-70b')).toBe('ok');
    expect(configAllows(configs, 'groq', 'gpt-4o')).toBe('model');
    expect(configAllows(configs, 'mistral', 'gpt-4o')).toBe('provider');
  });
});
