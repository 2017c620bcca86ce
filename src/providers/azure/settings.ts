import * as z from '../../zod';
import { GatewayError } from '../../errors/gateway-error';
import type { ProviderCall } from '../types';

export const DEFAULT_API_VERSION = '2024-10-21';

/** Bifrost's `azure_key_config`, read loosely: unknown fields are Bifrost's own business. */
const azureKeyConfigSchema = z.looseObject({
  endpoint: z.optional(z.string()),
  /** Model name → deployment name; a model without an entry is its own deployment name. */
  deployments: z.optional(z.record(z.string(), z.string())),
  api_version: z.optional(z.string()),
});

export interface AzureTarget {
  endpoint: string;
  deployment: string;
  apiVersion: string;
}

/** Where a model of this key lives: the resource endpoint (or the provider's base URL), deployment, API version. */
export function azureTarget(call: ProviderCall, model: string): AzureTarget {
  const parsed = azureKeyConfigSchema.safeParse(call.key?.settings ?? {});
  if (!parsed.success) {
    throw new GatewayError({
      status: 500,
      type: 'server_error',
      code: 'invalid_provider_config',
      message: `provider "${call.provider.name}" key "${call.key?.name ?? ''}": azure_key_config is invalid: ${parsed.error.issues[0]?.message ?? 'unknown'}`,
      provider: call.provider.name,
    });
  }
  const endpoint = (parsed.data.endpoint || call.provider.baseUrl || '').replace(/\/+$/, '');
  if (!endpoint) {
    throw new GatewayError({
      status: 500,
      type: 'server_error',
      code: 'invalid_provider_config',
      message: `provider "${call.provider.name}" needs azure_key_config.endpoint (https://<resource>.openai.azure.com) or network_config.base_url`,
      provider: call.provider.name,
    });
  }
  return { endpoint, deployment: parsed.data.deployments?.[model] ?? model, apiVersion: parsed.data.api_version || DEFAULT_API_VERSION };
}

/** `{endpoint}/openai/deployments/{deployment}/{operation}?api-version=…` */
export function azureUrl(target: AzureTarget, operation: 'chat/completions' | 'embeddings'): string {
  return `${target.endpoint}/openai/deployments/${encodeURIComponent(target.deployment)}/${operation}?api-version=${encodeURIComponent(target.apiVersion)}`;
}
