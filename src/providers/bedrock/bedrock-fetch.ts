import type { ProviderCall } from '../types';
import { upstreamFetch } from '../upstream-fetch';
import { bedrockBaseUrl, bedrockHeaders, readKeySettings } from './auth';
import { mapBedrockError } from './map-error';

export type BedrockAction = 'converse' | 'converse-stream' | 'invoke';

/**
 * POSTs `body` to `{base}/model/{modelId}/{action}`, authorized for the call's key. The model id is
 * the key's deployment for `model` if it names one; ids such as `anthropic.claude-…-v1:0` and
 * inference profile ARNs are escaped into one path segment.
 */
/** The model id Bedrock is asked for: the key's deployment for `model`, or `model` itself. */
export const bedrockModelId = (call: ProviderCall, model: string): string => readKeySettings(call).deployments?.[model] ?? model;

export async function bedrockFetch(call: ProviderCall, model: string, action: BedrockAction, body: Record<string, unknown>): Promise<Response> {
  const settings = readKeySettings(call);
  const modelId = settings.deployments?.[model] ?? model;
  const url = `${bedrockBaseUrl(call, settings)}/model/${encodeURIComponent(modelId)}/${action}`;
  const text = JSON.stringify(body);
  const accept = action === 'converse-stream' ? 'application/vnd.amazon.eventstream' : 'application/json';
  const headers = await bedrockHeaders(call, settings, url, text, accept);
  return upstreamFetch(call, url, { method: 'POST', headers, body: text }, (status, errorBody) =>
    mapBedrockError(call.provider.name, status, errorBody),
  );
}
