import type { AttributeValue } from './span';
import type { Attempt } from '../../src/facts/attempt';
import { operationName, sentMessages, sentParams, type TraceSpan } from '../../src/tracing/request-trace';

// Span attributes per `trace_type`. The tree is the same for all three; what differs is the
// vocabulary a backend understands on the LLM call (the attempt span):
// - genai_extension: OpenTelemetry GenAI semantic conventions (gen_ai.*)
// - open_inference: Arize OpenInference (openinference.span.kind, llm.*, input/output.value)
// - vercel: the Vercel AI SDK's telemetry (ai.* on a doGenerate/doStream span, plus gen_ai.*)

export type TraceType = 'genai_extension' | 'open_inference' | 'vercel';
type Operation = ReturnType<typeof operationName>;
type Attributes = Record<string, AttributeValue>;

/** Request parameters as GenAI names them (same keys in the AI SDK's call spans). */
const GENAI_PARAMS: Record<string, string> = {
  temperature: 'gen_ai.request.temperature',
  max_tokens: 'gen_ai.request.max_tokens',
  max_completion_tokens: 'gen_ai.request.max_tokens',
  top_p: 'gen_ai.request.top_p',
  top_k: 'gen_ai.request.top_k',
  frequency_penalty: 'gen_ai.request.frequency_penalty',
  presence_penalty: 'gen_ai.request.presence_penalty',
  seed: 'gen_ai.request.seed',
  stop: 'gen_ai.request.stop_sequences',
};

export function spanName(span: TraceSpan, traceType: TraceType): string {
  if (traceType === 'vercel' && span.facts.type === 'attempt') return vercelOperation(operationName(span.facts.attempt), span.facts.attempt.stream);
  return span.name;
}

export function spanAttributes(span: TraceSpan, traceType: TraceType): Attributes {
  const { facts } = span;
  switch (facts.type) {
    case 'request': {
      const r = facts.request;
      const attrs: Attributes = {
        'http.request.method': r.http.method,
        'url.path': r.http.path,
        'http.response.status_code': r.status,
        'heimdall.request_id': r.requestId,
        'heimdall.cache_hit': r.answer?.cacheHit != null,
      };
      if (r.route) attrs['http.route'] = r.route;
      if (r.virtualKey) attrs['heimdall.virtual_key'] = r.virtualKey;
      if (traceType === 'open_inference') attrs['openinference.span.kind'] = 'CHAIN';
      return attrs;
    }
    case 'hook': {
      const h = facts.hook;
      const attrs: Attributes = { 'heimdall.plugin': h.plugin, 'heimdall.hook': h.hook, 'heimdall.hook.calls': h.calls, 'heimdall.hook.failed': h.failed };
      if (traceType === 'open_inference') attrs['openinference.span.kind'] = 'CHAIN';
      return attrs;
    }
    case 'try': {
      const t = facts.try;
      const attrs: Attributes = { 'heimdall.provider': facts.attempt.provider, 'heimdall.retry': t.try, 'http.response.status_code': t.status };
      if (t.key) attrs['heimdall.key_name'] = t.key;
      if (t.error) attrs['error.type'] = String(t.status);
      return attrs;
    }
    case 'attempt': {
      const a = facts.attempt;
      const operation = operationName(a);
      const common: Attributes = { 'heimdall.fallback_index': a.index };
      if (a.answeredBy) common['heimdall.short_circuit_by'] = a.answeredBy;
      // An answer from a plugin (a cache hit, the mocker) paid no provider: no cost to report.
      if (a.cost !== undefined && !a.answeredBy) common['heimdall.cost_usd'] = a.cost;
      const specific =
        traceType === 'open_inference'
          ? openInference(a, operation)
          : traceType === 'vercel'
            ? { ...genAi(a, operation), ...vercel(a, operation) }
            : genAi(a, operation);
      if (a.error) specific['error.type'] = a.error.type;
      return { ...common, ...specific };
    }
  }
}

function genAi(llm: Readonly<Attempt>, operation: Operation): Attributes {
  const attrs: Attributes = {
    'gen_ai.operation.name': operation,
    // gen_ai.system was renamed gen_ai.provider.name; backends read one or the other.
    'gen_ai.system': llm.provider,
    'gen_ai.provider.name': llm.provider,
    'gen_ai.request.model': llm.model,
  };
  for (const [param, value] of Object.entries(sentParams(llm))) {
    const name = GENAI_PARAMS[param];
    if (!name) continue;
    if (typeof value === 'number') attrs[name] = value;
    else if (name === 'gen_ai.request.stop_sequences') attrs[name] = (Array.isArray(value) ? value : [value]).map(String);
  }
  if (llm.responseId) attrs['gen_ai.response.id'] = llm.responseId;
  if (llm.responseModel) attrs['gen_ai.response.model'] = llm.responseModel;
  if (llm.finishReasons.length > 0) attrs['gen_ai.response.finish_reasons'] = llm.finishReasons;
  if (llm.usage) {
    attrs['gen_ai.usage.input_tokens'] = llm.usage.input;
    attrs['gen_ai.usage.output_tokens'] = llm.usage.output;
  }
  const messages = sentMessages(llm);
  if (messages.length > 0) attrs['gen_ai.input.messages'] = JSON.stringify(messages);
  if (llm.outputText) attrs['gen_ai.output.messages'] = JSON.stringify([{ role: 'assistant', content: llm.outputText }]);
  return attrs;
}

function openInference(llm: Readonly<Attempt>, operation: Operation): Attributes {
  const messages = sentMessages(llm);
  const attrs: Attributes = {
    'openinference.span.kind': operation === 'embeddings' ? 'EMBEDDING' : 'LLM',
    'llm.provider': llm.provider,
    'llm.system': llm.provider,
    'llm.model_name': llm.responseModel ?? llm.model,
    'llm.invocation_parameters': JSON.stringify(sentParams(llm)),
    'input.value': JSON.stringify({ messages }),
    'input.mime_type': 'application/json',
  };
  messages.forEach((m, i) => {
    attrs[`llm.input_messages.${i}.message.role`] = m.role;
    if (typeof m.content === 'string') attrs[`llm.input_messages.${i}.message.content`] = m.content;
  });
  if (llm.outputText || llm.finishReasons.length > 0) {
    attrs['llm.output_messages.0.message.role'] = 'assistant';
    attrs['llm.output_messages.0.message.content'] = llm.outputText;
    attrs['output.value'] = llm.outputText;
    attrs['output.mime_type'] = 'text/plain';
  }
  if (llm.usage) {
    attrs['llm.token_count.prompt'] = llm.usage.input;
    attrs['llm.token_count.completion'] = llm.usage.output;
    attrs['llm.token_count.total'] = llm.usage.total;
  }
  return attrs;
}

/** The AI SDK's call span names: streamText / generateText / embedMany, each `.do*` on the provider. */
const vercelOperation = (operation: Operation, stream: boolean) =>
  operation === 'embeddings' ? 'ai.embedMany.doEmbed' : stream ? 'ai.streamText.doStream' : 'ai.generateText.doGenerate';

function vercel(llm: Readonly<Attempt>, operation: Operation): Attributes {
  const name = vercelOperation(operation, llm.stream);
  const attrs: Attributes = {
    'operation.name': name,
    'ai.operationId': name,
    'ai.model.provider': llm.provider,
    'ai.model.id': llm.model,
    'ai.prompt.format': 'messages',
    'ai.prompt.messages': JSON.stringify(sentMessages(llm)),
  };
  if (llm.outputText) attrs['ai.response.text'] = llm.outputText;
  if (llm.finishReasons[0]) attrs['ai.response.finishReason'] = llm.finishReasons[0];
  if (llm.responseId) attrs['ai.response.id'] = llm.responseId;
  if (llm.responseModel) attrs['ai.response.model'] = llm.responseModel;
  if (llm.usage) {
    attrs['ai.usage.promptTokens'] = llm.usage.input;
    attrs['ai.usage.completionTokens'] = llm.usage.output;
  }
  if (llm.stream && llm.firstTokenAt !== undefined) attrs['ai.response.msToFirstChunk'] = llm.firstTokenAt - llm.start;
  return attrs;
}
