import { GatewayError } from '../../errors/gateway-error';
import type { ChatRequest, ReasoningConfig } from '../../types/chat';
import { ANSWER_NEUTRAL_PARAMS, checkParams, NEUTRAL_VALUES, type ParamPolicy } from '../param-policy';
import { type Effort, reasoningRefused, requestedBudget, requestedEffort } from '../reasoning-budget';

// What Converse carries beyond messages and inference settings: reasoning and anthropic-beta in
// `additionalModelRequestFields` (each model family's own fields, as Bedrock forwards them), and
// structured output in `outputConfig.textFormat` (Bedrock's structured outputs, a JSON Schema as a
// string; docs.aws.amazon.com/bedrock/latest/userguide/structured-output.html).

/** Every canonical parameter Converse is sent, and those left out on purpose; any other is a 400. */
const BEDROCK_PARAMS: ParamPolicy = {
  // top_k: Claude's own field (see topKField); refused for other families there.
  mapped: new Set(['max_tokens', 'max_completion_tokens', 'temperature', 'top_p', 'top_k', 'stop', 'tools', 'tool_choice', 'response_format']),
  ignored: new Set([
    ...ANSWER_NEUTRAL_PARAMS,
    // Converse has no switch for it; a client that asked for one call at a time still gets
    // well-formed calls it can run in order.
    'parallel_tool_calls',
  ]),
  neutral: NEUTRAL_VALUES,
};

export const checkBedrockParams = (req: ChatRequest, provider: string) => checkParams(provider, req.params, BEDROCK_PARAMS);

/** Model ids name their maker first, after an optional inference-profile region (`us.anthropic.…`). */
const family = (model: string) => /(?:^|[.:/])(anthropic|openai|amazon\.nova-2)[.-]/.exec(model)?.[1];

export const isClaude = (model: string) => family(model) === 'anthropic';

/** Anthropic's `thinking` for Claude: a budget (from the effort table when only effort is named), adaptive, or disabled. */
function claudeThinking(r: ReasoningConfig): Record<string, unknown> {
  if (r.adaptive && r.budgetTokens === undefined && r.effort === undefined) return { type: 'adaptive' };
  const budget = requestedBudget(r);
  if (budget === undefined) return { type: 'adaptive' };
  return budget === 0 ? { type: 'disabled' } : { type: 'enabled', budget_tokens: budget };
}

const LOW_MEDIUM_HIGH: Readonly<Record<Effort, string | undefined>> = { none: undefined, minimal: 'low', low: 'low', medium: 'medium', high: 'high', xhigh: 'high' };

/**
 * ChatRequest.reasoning → the model family's own request fields: Claude's `thinking`, OpenAI's
 * gpt-oss `reasoning_effort`, Nova 2's `reasoningConfig`. Other families document no control.
 */
export function reasoningFields(r: ReasoningConfig, model: string, provider: string): Record<string, unknown> {
  const effort = requestedEffort(r);
  switch (family(model)) {
    case 'anthropic':
      return { thinking: claudeThinking(r) };
    case 'openai': {
      if (effort === undefined) return {};
      const word = LOW_MEDIUM_HIGH[effort];
      if (!word) throw reasoningRefused(provider, `reasoning effort "${effort}" for ${model} (it takes low, medium or high)`);
      return { reasoning_effort: word };
    }
    case 'amazon.nova-2':
      if (effort === 'none') return { reasoningConfig: { type: 'disabled' } };
      return { reasoningConfig: { type: 'enabled', ...(effort ? { maxReasoningEffort: LOW_MEDIUM_HIGH[effort] } : {}) } };
    default:
      throw reasoningRefused(provider, `a reasoning setting for ${model} (Bedrock documents reasoning controls for Claude, gpt-oss and Nova 2 models)`);
  }
}

/** Claude needs room to think: its budget comes on top of the answer's max tokens (4096 if none was asked). */
export function withThinkingRoom(inference: Record<string, unknown> | undefined, fields: Record<string, unknown>): Record<string, unknown> | undefined {
  const thinking = fields.thinking as { budget_tokens?: number } | undefined;
  if (thinking?.budget_tokens === undefined) return inference;
  const answer = typeof inference?.maxTokens === 'number' ? inference.maxTokens : 4096;
  return { ...inference, maxTokens: answer + thinking.budget_tokens };
}

/** Converse's inferenceConfig has no top_k: Claude takes Anthropic's `top_k` as a request field. */
export function topKField(topK: unknown, model: string, provider: string): Record<string, unknown> {
  if (topK === undefined || topK === null) return {};
  if (!isClaude(model)) throw GatewayError.invalidRequest(`provider "${provider}" takes top_k only for Claude models, not for ${model}`, 'unsupported_parameter', 'top_k');
  return { top_k: topK };
}

/** `anthropic-beta` values reach Claude as `anthropic_beta`; no other family reads them. */
export function betaFields(betas: readonly string[], model: string, provider: string): Record<string, unknown> {
  if (!isClaude(model)) {
    throw GatewayError.invalidRequest(`provider "${provider}" forwards anthropic-beta only to Claude models, not to ${model}`, 'unsupported_parameter', 'anthropic-beta');
  }
  return { anthropic_beta: [...betas] };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `response_format` → `outputConfig`; Converse constrains to a schema only, so `json_object` is a 400. */
export function outputConfig(format: unknown, provider: string): Record<string, unknown> | undefined {
  if (format === undefined || format === null) return undefined;
  const type = isRecord(format) ? format.type : undefined;
  if (type === 'text') return undefined;
  if (type === 'json_object') {
    throw GatewayError.invalidRequest(
      `provider "${provider}" constrains output only to a JSON Schema: use response_format {type: "json_schema"} instead of "json_object"`,
      'unsupported_parameter',
      'response_format',
    );
  }
  const spec = isRecord(format) && type === 'json_schema' ? format.json_schema : undefined;
  if (!isRecord(spec) || !isRecord(spec.schema)) {
    throw GatewayError.invalidRequest('response_format must be {type: "json_schema", json_schema: {name, schema}}', 'invalid_value', 'response_format');
  }
  const jsonSchema = {
    schema: JSON.stringify(spec.schema),
    ...(typeof spec.name === 'string' ? { name: spec.name } : {}),
    ...(typeof spec.description === 'string' ? { description: spec.description } : {}),
  };
  return { textFormat: { type: 'json_schema', structure: { jsonSchema } } };
}
