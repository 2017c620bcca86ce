import type { ChatRequest, ChatResponse, ReasoningPart, ToolCall } from '../../types/chat';
import { readAnswer } from '../read-wire';
import { toConverseMessages } from './convert-messages';
import { mapFinishReason } from './map-finish-reason';
import { mapUsage } from './map-usage';
import { betaFields, checkBedrockParams, outputConfig, reasoningFields, topKField, withThinkingRoom } from './model-fields';
import { converseResponseSchema } from './wire';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function inferenceConfig(params: Record<string, unknown>): Record<string, unknown> | undefined {
  const config: Record<string, unknown> = {};
  const maxTokens = params.max_completion_tokens ?? params.max_tokens;
  if (typeof maxTokens === 'number') config.maxTokens = maxTokens;
  if (typeof params.temperature === 'number') config.temperature = params.temperature;
  if (typeof params.top_p === 'number') config.topP = params.top_p;
  if (typeof params.stop === 'string') config.stopSequences = [params.stop];
  else if (Array.isArray(params.stop) && params.stop.length > 0) config.stopSequences = params.stop;
  return Object.keys(config).length > 0 ? config : undefined;
}

function toolChoice(choice: unknown): Record<string, unknown> | undefined {
  if (choice === 'auto') return { auto: {} };
  if (choice === 'required') return { any: {} };
  if (isRecord(choice) && isRecord(choice.function) && typeof choice.function.name === 'string') return { tool: { name: choice.function.name } };
  return undefined;
}

function toolConfig(params: Record<string, unknown>): Record<string, unknown> | undefined {
  // Converse has no "none": leaving the tools out is the way to forbid them.
  if (!Array.isArray(params.tools) || params.tools.length === 0 || params.tool_choice === 'none') return undefined;
  const tools = params.tools.flatMap((tool: unknown) => {
    if (!isRecord(tool) || !isRecord(tool.function) || typeof tool.function.name !== 'string') return [];
    const fn = tool.function;
    return [{
      toolSpec: {
        name: fn.name,
        ...(typeof fn.description === 'string' && fn.description !== '' ? { description: fn.description } : {}),
        inputSchema: { json: isRecord(fn.parameters) ? fn.parameters : { type: 'object', properties: {} } },
      },
    }];
  });
  if (tools.length === 0) return undefined;
  const choice = toolChoice(params.tool_choice);
  return { tools, ...(choice ? { toolChoice: choice } : {}) };
}

/** The Converse / ConverseStream body; the model travels in the URL. */
/** `modelId` is the id Bedrock runs (a deployment alias resolved): reasoning fields depend on its family. */
export function toConverseBody(req: ChatRequest, provider = req.provider, modelId = req.model): Record<string, unknown> {
  checkBedrockParams(req, provider);
  const { system, messages } = toConverseMessages(req.messages);
  const body: Record<string, unknown> = { messages };
  if (system.length > 0) body.system = system;
  const fields = {
    ...(req.reasoning ? reasoningFields(req.reasoning, modelId, provider) : {}),
    ...(req.betas?.length ? betaFields(req.betas, modelId, provider) : {}),
    ...topKField(req.params.top_k, modelId, provider),
  };
  const inference = withThinkingRoom(inferenceConfig(req.params), fields);
  if (inference) body.inferenceConfig = inference;
  const tools = toolConfig(req.params);
  if (tools) body.toolConfig = tools;
  if (Object.keys(fields).length > 0) body.additionalModelRequestFields = fields;
  const output = outputConfig(req.params.response_format, provider);
  if (output) body.outputConfig = output;
  return body;
}

/** Converse names no response id or model: the gateway's request id and the requested model stand in. */
export function fromConverseResponse(provider: string, model: string, requestId: string, json: unknown): ChatResponse {
  const wire = readAnswer(json, converseResponseSchema, provider, 'sent a Converse response');
  const blocks = wire.output.message.content;
  const texts = blocks.flatMap((b) => (b.text === undefined ? [] : [b.text]));
  const reasoning: ReasoningPart[] = blocks.flatMap((b): ReasoningPart[] => {
    const r = b.reasoningContent;
    if (!r) return [];
    if (r.redactedContent) return [{ text: '', redacted: r.redactedContent, source: 'bedrock' }];
    const signature = r.reasoningText?.signature;
    return [{ text: r.reasoningText?.text ?? '', ...(signature ? { signature, source: 'bedrock' as const } : {}) }];
  });
  const toolCalls: ToolCall[] = blocks.flatMap((b) =>
    b.toolUse ? [{ id: b.toolUse.toolUseId, type: 'function' as const, function: { name: b.toolUse.name, arguments: JSON.stringify(b.toolUse.input ?? {}) } }] : [],
  );
  return {
    kind: 'chat',
    id: `chatcmpl-${requestId}`,
    created: Math.floor(Date.now() / 1000),
    model,
    provider,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: texts.length > 0 ? texts.join('') : null,
          ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
          ...(reasoning.length > 0 ? { reasoning } : {}),
        },
        finishReason: mapFinishReason(wire.stopReason),
      },
    ],
    ...(wire.usage ? { usage: mapUsage(wire.usage) } : {}),
  };
}
