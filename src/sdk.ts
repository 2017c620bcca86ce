// The public surface for plugin authors: import from here, not from the gateway's internals.
export { definePlugin } from './pipeline/define-plugin';
export type { GatewayServices, PluginDefinition, PluginHooks, PreLLMResult, PostLLMResult, Placement } from './pipeline/define-plugin';
export { contextKey, type ContextKey } from './pipeline/context-key';
export { type CacheHit, GatewayKeys, type PluginFailure, SharedKeys } from './pipeline/gateway-keys';
export type { HookContext, PluginLogger } from './pipeline/hook-context';
export type { HttpRequest, HttpResponse, StreamChunk } from './pipeline/http-types';
export { GatewayError } from './errors/gateway-error';
export type * from './types/chat';
export type { Attempt, ErrorFacts, TokenUsage, TryTiming } from './facts/attempt';
export type { FinishedRequest } from './facts/finished-request';
export { timelineRecord, type HookTiming, type TimelineRecord, type TimelineView } from './pipeline/timeline';
