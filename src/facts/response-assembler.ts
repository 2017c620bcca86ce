import type { ChatChoice, ChatResponse, ReasoningPart, StreamEvent, ToolCall, Usage } from '../types/chat';

/**
 * Stream events → the ChatResponse they add up to: each choice's text and tool calls, its finish
 * reason, the last usage reported (usage is per response, whichever choice's finish carries it),
 * and the start event's id, model and fields. Serves a non-streaming client from a stream, and
 * the facts of a streamed attempt (with a cap on the text it keeps, since the client has it already).
 */
export class ResponseAssembler {
  private readonly res: ChatResponse;
  private readonly choices = new Map<number, ChatChoice>();
  private readonly tools = new Map<string, ToolCall>();
  /** Each choice's reasoning part still taking text (closed by a reasoning-end). */
  private readonly openReasoning = new Map<number, ReasoningPart>();
  private usage: Usage | undefined;
  private kept = 0;

  constructor(
    provider: string,
    fallbackId: string,
    private readonly maxChars = Number.POSITIVE_INFINITY,
  ) {
    this.res = { kind: 'chat', id: fallbackId, created: Math.floor(Date.now() / 1000), model: '', provider, choices: [] };
  }

  get hasOutput(): boolean {
    return this.choices.size > 0;
  }

  /** The indices of the choices seen so far. */
  choiceIndices(): IterableIterator<number> {
    return this.choices.keys();
  }

  /** Adds one event (errors are the caller's to handle: they carry no output). */
  add(event: StreamEvent): void {
    switch (event.type) {
      case 'start':
        Object.assign(this.res, { id: event.id, created: event.created, model: event.model }, event.extra && { extra: event.extra }, event.extraFields && { extraFields: event.extraFields });
        return;
      case 'text-delta': {
        const message = this.choice(event.index).message;
        message.content += this.keep(event.text);
        return;
      }
      case 'reasoning-delta': {
        let part = this.openReasoning.get(event.index);
        if (!part) {
          part = { text: '' };
          this.openReasoning.set(event.index, part);
          (this.choice(event.index).message.reasoning ??= []).push(part);
        }
        part.text += this.keep(event.text);
        return;
      }
      case 'reasoning-end': {
        let part = this.openReasoning.get(event.index);
        if (part) this.openReasoning.delete(event.index);
        else (this.choice(event.index).message.reasoning ??= []).push((part = { text: '' }));
        if (event.signature !== undefined) part.signature = event.signature;
        if (event.redacted !== undefined) part.redacted = event.redacted;
        if (event.source !== undefined) part.source = event.source;
        return;
      }
      case 'tool-call-delta': {
        const key = `${event.index}:${event.toolCallIndex}`;
        let tc = this.tools.get(key);
        if (!tc) {
          tc = { id: event.id ?? '', type: 'function', function: { name: event.name ?? '', arguments: '' } };
          this.tools.set(key, tc);
          (this.choice(event.index).message.tool_calls ??= []).push(tc);
        }
        tc.function.arguments += this.keep(event.argumentsDelta);
        if (event.signature !== undefined) tc.signature = event.signature;
        return;
      }
      case 'finish':
        this.choice(event.index).finishReason = event.finishReason;
        this.usage = event.usage ?? this.usage;
        return;
      case 'error':
        return;
    }
  }

  /** The response so far, choices in index order. */
  response(): ChatResponse {
    const res: ChatResponse = { ...this.res, choices: [...this.choices.values()].sort((a, b) => a.index - b.index) };
    if (this.usage) res.usage = this.usage;
    return res;
  }

  private choice(index: number): ChatChoice {
    let c = this.choices.get(index);
    if (!c) {
      c = { index, message: { role: 'assistant', content: '' }, finishReason: { unified: 'stop', raw: null } };
      this.choices.set(index, c);
    }
    return c;
  }

  /** As much of `text` as the cap still has room for. */
  private keep(text: string): string {
    const room = Math.min(text.length, this.maxChars - this.kept);
    this.kept += room;
    return room === text.length ? text : text.slice(0, room);
  }
}
