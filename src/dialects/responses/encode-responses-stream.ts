import { batchTranslator } from '../../streams/batch-translator';
import type { Stage } from '../../streams/pull-through';
import type { StreamChunk } from '../../pipeline/http-types';
import type { ChatMessage, FinishReason, ReasoningPart, StreamEvent, ToolCall, Usage } from '../../types/chat';
import type { StreamEncodeOptions } from '../dialect';
import {
  forClient,
  functionCallItem,
  type Item,
  itemId,
  messageItem,
  outputText,
  reasoningItem,
  responseObject,
  type ResponseShell,
  responsesUsage,
  statusOf,
} from './response-object';

type Open =
  | { kind: 'message'; index: number; id: string; text: string }
  | { kind: 'reasoning'; index: number; id: string; part: ReasoningPart }
  | { kind: 'call'; index: number; id: string; toolCallIndex: number; call: ToolCall };

/**
 * Called with the finished answer before the last event goes out (the store writes it there, so a
 * follow-up sent once the client saw `response.completed` finds it); false when it was not kept.
 */
type OnFinished = (message: ChatMessage, response: Record<string, unknown>) => Promise<boolean>;

/**
 * Canonical stream events → the Responses API's events, each with its `sequence_number`:
 * `response.created`, `response.in_progress`, then one output item at a time (`output_item.added`,
 * its parts and deltas, their `.done`s, `output_item.done`), and `response.completed` (or
 * `response.incomplete`) with the whole response, usage and `extra_fields`; an error mid-stream is
 * `response.failed`. Only the first choice is sent: the Responses API has no `n`.
 */
export function encodeResponsesStream(shell: ResponseShell, opts: StreamEncodeOptions, onFinished: OnFinished): Stage<StreamEvent[], StreamChunk[]> {
  let seq = 0;
  let started = false;
  let model = shell.model;
  let open: Open | undefined;
  let finish: FinishReason | undefined;
  let usage: Usage | undefined;
  const output: Item[] = [];
  const answer: ChatMessage = { role: 'assistant', content: null };
  const ev = (type: string, data: Record<string, unknown>): StreamChunk => ({ event: type, data: { type, sequence_number: seq++, ...data } });
  const at = (o: Open) => ({ item_id: o.id, output_index: o.index });

  const start = (out: StreamChunk[]) => {
    if (started) return;
    started = true;
    const response = responseObject(shell, { status: 'in_progress', output: [], model });
    out.push(ev('response.created', { response }), ev('response.in_progress', { response }));
  };

  const openItem = <O extends Open>(out: StreamChunk[], o: O, item: Item): O => {
    open = o;
    out.push(ev('response.output_item.added', { output_index: o.index, item }));
    return o;
  };

  const close = (out: StreamChunk[]) => {
    const o = open;
    if (!o) return;
    open = undefined;
    let item: Item;
    if (o.kind === 'message') {
      out.push(ev('response.output_text.done', { ...at(o), content_index: 0, text: o.text, logprobs: [] }));
      out.push(ev('response.content_part.done', { ...at(o), content_index: 0, part: outputText(o.text) }));
      item = messageItem(o.id, 'completed', o.text);
      answer.content = (answer.content ?? '') + o.text;
    } else if (o.kind === 'reasoning') {
      out.push(ev('response.reasoning_summary_text.done', { ...at(o), summary_index: 0, text: o.part.text }));
      out.push(ev('response.reasoning_summary_part.done', { ...at(o), summary_index: 0, part: { type: 'summary_text', text: o.part.text } }));
      item = reasoningItem(o.id, o.part);
      (answer.reasoning ??= []).push(o.part);
    } else {
      out.push(ev('response.function_call_arguments.done', { ...at(o), name: o.call.function.name, arguments: o.call.function.arguments }));
      item = functionCallItem(shell, o.id, 'completed', o.call);
      (answer.tool_calls ??= []).push(o.call);
    }
    output.push(item);
    out.push(ev('response.output_item.done', { output_index: o.index, item: forClient(shell.includeEncrypted, item) }));
  };

  /** Appends the events one canonical event makes; false after an error, which ends the stream. */
  const encode = (event: StreamEvent, out: StreamChunk[]): boolean => {
    if (event.type === 'start') model = event.model;
    start(out);
    if ('index' in event && event.index !== 0) return true;
    switch (event.type) {
      case 'start':
        return true;
      case 'text-delta': {
        let o = open;
        if (o?.kind !== 'message') {
          close(out);
          o = openItem(out, { kind: 'message', index: output.length, id: itemId(shell, 'msg', output.length), text: '' }, messageItem(itemId(shell, 'msg', output.length), 'in_progress', undefined));
          out.push(ev('response.content_part.added', { ...at(o), content_index: 0, part: outputText('') }));
        }
        o.text += event.text;
        out.push(ev('response.output_text.delta', { ...at(o), content_index: 0, delta: event.text, logprobs: [] }));
        return true;
      }
      case 'reasoning-delta': {
        let o = open;
        if (o?.kind !== 'reasoning') {
          close(out);
          const id = itemId(shell, 'rs', output.length);
          o = openItem(out, { kind: 'reasoning', index: output.length, id, part: { text: '' } }, { id, type: 'reasoning', summary: [] });
          out.push(ev('response.reasoning_summary_part.added', { ...at(o), summary_index: 0, part: { type: 'summary_text', text: '' } }));
        }
        o.part.text += event.text;
        out.push(ev('response.reasoning_summary_text.delta', { ...at(o), summary_index: 0, delta: event.text }));
        return true;
      }
      case 'reasoning-end': {
        const opaque = { ...(event.signature !== undefined && { signature: event.signature }), ...(event.redacted !== undefined && { redacted: event.redacted }), ...(event.source && { source: event.source }) };
        if (open?.kind === 'reasoning') {
          Object.assign(open.part, opaque);
          close(out);
          return true;
        }
        // A part of its own (a redacted_thinking block): an item with no summary, only its opaque form.
        close(out);
        const id = itemId(shell, 'rs', output.length);
        const part: ReasoningPart = { text: '', ...opaque };
        openItem(out, { kind: 'reasoning', index: output.length, id, part }, { id, type: 'reasoning', summary: [] });
        open = undefined;
        const item = reasoningItem(id, part);
        (answer.reasoning ??= []).push(part);
        output.push(item);
        out.push(ev('response.output_item.done', { output_index: output.length - 1, item: forClient(shell.includeEncrypted, item) }));
        return true;
      }
      case 'tool-call-delta': {
        let o = open;
        if (o?.kind !== 'call' || o.toolCallIndex !== event.toolCallIndex) {
          close(out);
          const id = itemId(shell, 'fc', output.length);
          const call: ToolCall = { id: event.id ?? `call_${id}`, type: 'function', function: { name: event.name ?? '', arguments: '' } };
          o = openItem(out, { kind: 'call', index: output.length, id, toolCallIndex: event.toolCallIndex, call }, functionCallItem(shell, id, 'in_progress', call));
        }
        if (event.argumentsDelta) {
          o.call.function.arguments += event.argumentsDelta;
          out.push(ev('response.function_call_arguments.delta', { ...at(o), delta: event.argumentsDelta }));
        }
        return true;
      }
      case 'finish':
        close(out);
        finish = event.finishReason;
        usage = event.usage ?? usage;
        return true;
      case 'error':
        close(out);
        out.push(ev('response.failed', { response: responseObject(shell, { status: 'failed', output, model, error: event.error, extraFields: opts.extraFields() }) }));
        return false;
    }
  };

  return batchTranslator<StreamEvent, StreamChunk>({
    translate: encode,
    async flush(out) {
      start(out);
      close(out);
      const { status, incomplete_details } = statusOf(finish);
      const state = { status, incompleteDetails: incomplete_details, output, usage: responsesUsage(usage), model, extraFields: opts.extraFields() };
      // The stored copy keeps the reasoning's sealed forms, whatever this client asked to see.
      const stored = await onFinished(answer, responseObject({ ...shell, includeEncrypted: true }, state));
      out.push(ev(status === 'completed' ? 'response.completed' : 'response.incomplete', { response: responseObject(shell, { ...state, stored }) }));
    },
  });
}
