import { parseBody } from '../parse-body';
import * as z from '../../zod';
import { batchTranslator } from '../../streams/batch-translator';
import type { Stage } from '../../streams/pull-through';
import type { StreamChunk } from '../../pipeline/http-types';
import type { ChatRequest, ChatResponse, StreamEvent, Usage } from '../../types/chat';
import type { ChatDialect, ExtraFields, StreamEncodeOptions } from '../dialect';
import { parseModelTarget } from './chat-request';
import { openAIFinishReason } from './encode-chat-response';

// The legacy /v1/completions dialect. The prompt rides through the chat pipeline (so every hook
// sees it) as one user message, and as `prompt` for providers with a native completions API.
// Reasoning is not part of it: a reasoning model's thoughts are left out of the completion's text.

const body = z.looseObject({
  model: z.string().check(z.minLength(1)),
  prompt: z.union([z.string(), z.array(z.string()).check(z.length(1, 'one prompt per request'))]),
  stream: z.nullish(z.boolean()),
  stream_options: z.nullish(z.looseObject({ include_usage: z.optional(z.boolean()) })),
  max_tokens: z.nullish(z.number().check(z.int(), z.positive())),
  temperature: z.nullish(z.number().check(z.gte(0), z.lte(2))),
  fallbacks: z.optional(z.array(z.string().check(z.minLength(1)))),
});

function parse(raw: unknown, knownProviders: ReadonlySet<string>): ChatRequest {
  const { model, prompt, stream, stream_options, fallbacks, ...params } = parseBody(body, raw);
  const text = typeof prompt === 'string' ? prompt : prompt[0]!;
  return {
    kind: 'chat',
    ...parseModelTarget(model, knownProviders, 'model', true),
    messages: [{ role: 'user', content: text }],
    prompt: text,
    stream: stream === true,
    includeUsage: stream_options?.include_usage === true,
    fallbacks: (fallbacks ?? []).map((f, i) => parseModelTarget(f, knownProviders, `fallbacks[${i}]`)),
    params: Object.fromEntries(Object.entries(params).filter(([, v]) => v !== undefined && v !== null)),
  };
}

function encodeResponse(res: ChatResponse, extraFields: ExtraFields): Record<string, unknown> {
  return {
    id: res.id,
    object: 'text_completion',
    created: res.created,
    model: res.model,
    choices: res.choices.map((c) => ({
      text: typeof c.message.content === 'string' ? c.message.content : '',
      index: c.index,
      logprobs: null,
      finish_reason: openAIFinishReason(c.finishReason),
    })),
    ...(res.usage ? { usage: res.usage } : {}),
    extra_fields: extraFields,
  };
}

function encodeStream(opts: StreamEncodeOptions): Stage<StreamEvent[], StreamChunk[]> {
  let id = opts.fallbackId;
  let model = opts.model;
  let created = Math.floor(Date.now() / 1000);
  let usage: Usage | undefined;
  const chunk = (index: number, text: string, finish: string | null): StreamChunk => ({
    data: { id, object: 'text_completion', created, model, choices: [{ text, index, logprobs: null, finish_reason: finish }] },
  });
  return batchTranslator<StreamEvent, StreamChunk>({
    translate(e, out) {
      if (e.type === 'start') ({ id, created, model } = e);
      else if (e.type === 'text-delta') out.push(chunk(e.index, e.text, null));
      // A text completion has no place for reasoning (nor for tool calls): its text is the answer.
      else if (e.type === 'reasoning-delta' || e.type === 'reasoning-end' || e.type === 'tool-call-delta') return true;
      else if (e.type === 'finish') {
        out.push(chunk(e.index, '', openAIFinishReason(e.finishReason)));
        usage = e.usage ?? usage;
      } else if (e.type === 'error') {
        out.push({ data: e.error.toJSON() });
        return false;
      }
      return true;
    },
    flush(out) {
      if (opts.includeUsage && usage) out.push({ data: { id, object: 'text_completion', created, model, choices: [], usage, extra_fields: opts.extraFields() } });
    },
  });
}

export const completionsDialect: ChatDialect = { parse, encodeResponse, encodeStream, errorBody: (err) => err.toJSON(), doneMarker: true };
