import { ANTHROPIC_DEFAULT_BASE_URL, anthropicAdapter } from './anthropic';
import { azureAdapter } from './azure';
import { bedrockAdapter } from './bedrock';
import { cohereAdapter } from './cohere';
import { GEMINI_DEFAULT_BASE_URL, geminiAdapter } from './gemini';
import { openAIAdapter, openAICompatibleAdapter } from './openai';
import { DEEPSEEK_COMPAT, GROQ_COMPAT, NO_REASONING_COMPAT, OLLAMA_COMPAT, OPENROUTER_COMPAT, XAI_COMPAT } from './openai/compat';
import { workersAIAdapter } from './workers-ai';
import type { ProviderKind } from './types';

// The one place that names providers. Shared code looks kinds up here and never branches on a name.
// OpenAI-compatible servers differ only by base URL; each may be overridden by network_config.base_url.
// Servers that ask for or return reasoning their own way get an adapter that knows it (openai/compat.ts).
const openAICompatible = (defaultBaseUrl: string, keyOptional = false, adapter = openAIAdapter): ProviderKind => ({
  adapter,
  defaultBaseUrl,
  keyOptional,
});

export const PROVIDER_KINDS: Readonly<Record<string, ProviderKind>> = {
  openai: openAICompatible('https://api.openai.com/v1'),
  anthropic: { adapter: anthropicAdapter, defaultBaseUrl: ANTHROPIC_DEFAULT_BASE_URL },
  bedrock: { adapter: bedrockAdapter, baseUrlOptional: true },
  gemini: { adapter: geminiAdapter, defaultBaseUrl: GEMINI_DEFAULT_BASE_URL },
  cohere: { adapter: cohereAdapter, defaultBaseUrl: 'https://api.cohere.com/v2' },
  // The endpoint comes from the key's azure_key_config.endpoint (or network_config.base_url).
  azure: { adapter: azureAdapter, baseUrlOptional: true },
  // The AI binding needs no key; the REST fallback does.
  'workers-ai': { adapter: workersAIAdapter, defaultBaseUrl: 'https://api.cloudflare.com/client/v4', keyOptional: true },
  groq: openAICompatible('https://api.groq.com/openai/v1', false, openAICompatibleAdapter(GROQ_COMPAT)),
  mistral: openAICompatible('https://api.mistral.ai/v1', false, openAICompatibleAdapter(NO_REASONING_COMPAT)),
  deepseek: openAICompatible('https://api.deepseek.com/v1', false, openAICompatibleAdapter(DEEPSEEK_COMPAT)),
  together: openAICompatible('https://api.together.xyz/v1'),
  openrouter: openAICompatible('https://openrouter.ai/api/v1', false, openAICompatibleAdapter(OPENROUTER_COMPAT)),
  xai: openAICompatible('https://api.x.ai/v1', false, openAICompatibleAdapter(XAI_COMPAT)),
  fireworks: openAICompatible('https://api.fireworks.ai/inference/v1'),
  perplexity: openAICompatible('https://api.perplexity.ai'),
  cerebras: openAICompatible('https://api.cerebras.ai/v1'),
  ollama: openAICompatible('http://localhost:11434/v1', true, openAICompatibleAdapter(OLLAMA_COMPAT)),
  vllm: openAICompatible('http://localhost:8000/v1', true),
};
