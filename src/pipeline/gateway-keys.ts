import { contextKey } from './context-key';

/** A hook failure the runner isolated: what plugins and logs can read back from the context. */
export interface PluginFailure {
  plugin: string;
  hook: string;
  message: string;
  timedOut: boolean;
}

/** Values the gateway writes into every request's context. Plugins may read them, never write them. */
export const GatewayKeys = {
  pluginFailures: contextKey<readonly PluginFailure[]>('heimdall.plugin_failures'),
  requestedModel: contextKey<string>('heimdall.requested_model'),
  virtualKey: contextKey<string>('heimdall.virtual_key'),
} as const;
