import * as z from '../../zod';
import { GatewayError } from '../../errors/gateway-error';
import type { ProviderCall } from '../types';
import { signV4 } from './sign-v4';

// Backend auth for Bedrock, apart from translation: SigV4 with the key's access keys, or a Bedrock
// API key as a bearer token. Also where the region picks the endpoint.

/** Bifrost's `bedrock_key_config`. */
const keySettingsSchema = z.looseObject({
  access_key: z.optional(z.string()),
  secret_key: z.optional(z.string()),
  session_token: z.optional(z.string()),
  region: z.optional(z.string().check(z.regex(/^[a-z0-9-]+$/, 'an AWS region such as us-east-1'))),
  /** Model name → Bedrock model id or inference profile (e.g. `claude` → `us.anthropic.claude-…`). */
  deployments: z.optional(z.record(z.string(), z.string())),
});

export type BedrockKeySettings = z.output<typeof keySettingsSchema>;

const DEFAULT_REGION = 'us-east-1';

/** A key that cannot authenticate at all is the gateway's configuration mistake, as a missing env var is. */
function keyError(call: ProviderCall, message: string): GatewayError {
  return new GatewayError({ status: 500, type: 'configuration_error', code: 'invalid_provider_key', message, provider: call.provider.name });
}

export function readKeySettings(call: ProviderCall): BedrockKeySettings {
  const parsed = keySettingsSchema.safeParse(call.key?.settings ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw keyError(call, `provider "${call.provider.name}" key "${call.key?.name}": bedrock_key_config.${issue?.path.join('.')}: ${issue?.message}`);
  }
  return parsed.data;
}

/** The configured base URL, else the region's Bedrock Runtime endpoint. */
export function bedrockBaseUrl(call: ProviderCall, settings: BedrockKeySettings): string {
  return call.provider.baseUrl || `https://bedrock-runtime.${settings.region ?? DEFAULT_REGION}.amazonaws.com`;
}

/** Headers for one POST of `body` to `url`, signed (SigV4) or carrying the API key. */
export async function bedrockHeaders(call: ProviderCall, settings: BedrockKeySettings, url: string, body: string, accept: string): Promise<Headers> {
  const headers = new Headers(call.provider.extraHeaders);
  headers.set('content-type', 'application/json');
  headers.set('accept', accept);
  if (settings.access_key) {
    if (!settings.secret_key) throw keyError(call, `provider "${call.provider.name}" key "${call.key?.name}": bedrock_key_config.secret_key is missing`);
    await signV4('POST', new URL(url), headers, body, {
      accessKeyId: settings.access_key,
      secretAccessKey: settings.secret_key,
      ...(settings.session_token ? { sessionToken: settings.session_token } : {}),
      service: 'bedrock',
      region: settings.region ?? DEFAULT_REGION,
    });
    return headers;
  }
  if (call.key?.value) {
    headers.set('authorization', `Bearer ${call.key.value}`);
    return headers;
  }
  throw keyError(call, `provider "${call.provider.name}" key "${call.key?.name ?? '(none)'}" has neither bedrock_key_config.access_key nor an API key value`);
}
