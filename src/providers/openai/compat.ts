import type { ChatMessage, ReasoningConfig } from '../../types/chat';
import { BUDGET_FOR_EFFORT, type Effort, reasoningRefused, requestedEffort } from '../reasoning-budget';
import { detailsOfParts } from './reasoning-details';

// What differs between the servers that speak OpenAI's chat API: how a request's reasoning is
// asked for, and which reasoning of earlier assistant turns goes back. Each follows its own docs.

export interface OpenAICompat {
  /** ChatRequest.reasoning → body fields (throws a 400 for what the server has no word for). */
  reasoning(r: ReasoningConfig, provider: string, model: string): Record<string, unknown>;
  /**
   * Whether Anthropic's `cache_control` marks (kept on parts, messages and tools for Anthropic
   * targets) may be sent: OpenRouter reads them; OpenAI's API refuses fields it does not know.
   */
  cacheControl?: boolean;
  /**
   * Models that refuse `max_tokens` and take `max_completion_tokens` (OpenAI's reasoning models);
   * the Responses API and the Anthropic dialect both arrive as `max_tokens`.
   */
  completionTokensOnly?(model: string): boolean;
  /**
   * Earlier turns' reasoning sent back: `none` (OpenAI's chat API has no input field for it),
   * `tool-turns` (DeepSeek: `reasoning_content` of the assistant turns between two user messages
   * that called tools, which thinking mode requires; other turns' reasoning it ignores), or
   * `details` (OpenRouter: `reasoning_details` as received, which it forwards to the model).
   */
  history: 'none' | 'tool-turns' | 'details';
}

/** `reasoning_effort` with the server's own words; an effort it has no word for is a 400. */
function effortField(words: Partial<Record<Effort, string>>): OpenAICompat['reasoning'] {
  return (r, provider) => {
    const effort = requestedEffort(r);
    // Adaptive (no effort named) is every reasoning model's default: nothing to send.
    if (effort === undefined) return {};
    const word = words[effort];
    if (word === undefined) throw reasoningRefused(provider, `reasoning effort "${effort}"`);
    return { reasoning_effort: word };
  };
}

const same = (efforts: Effort[]): Partial<Record<Effort, string>> => Object.fromEntries(efforts.map((e) => [e, e]));

/**
 * OpenAI's models that cannot reason: they refuse `reasoning_effort`. A reasoning request for one
 * (Claude Code asks for thinking on every turn, whatever the model) is left out by this rule, since
 * the model answers the same without it; the README's reasoning table names it.
 */
const OPENAI_NON_REASONING = /^(gpt-4o|gpt-4\.1|gpt-4-|gpt-4$|gpt-3\.5|chatgpt-4o)/;

const openAIEffort = effortField(same(['none', 'minimal', 'low', 'medium', 'high', 'xhigh']));

/**
 * A token budget (Anthropic's way, e.g. Claude Code's 31999) is a ceiling, not a word: it is asked
 * as at most `high`, which every OpenAI reasoning model takes (`xhigh`, `minimal` and `none` only some
 * do); an effort word the client chose goes as it is.
 */
const budgetAsEffort = (r: ReasoningConfig): ReasoningConfig =>
  r.effort === undefined && r.budgetTokens !== undefined && r.budgetTokens > BUDGET_FOR_EFFORT.high ? { ...r, effort: 'high' } : r;

/** OpenAI (and Azure OpenAI): `reasoning_effort` none … xhigh, as its reasoning models take them. */
export const OPENAI_COMPAT: OpenAICompat = {
  reasoning: (r, provider, model) => (OPENAI_NON_REASONING.test(model) ? {} : openAIEffort(budgetAsEffort(r), provider, model)),
  history: 'none',
  completionTokensOnly: (model) => /^(o\d|gpt-5)/.test(model),
};

/** Groq: `reasoning_effort` none (qwen3) or low/medium/high (gpt-oss). */
export const GROQ_COMPAT: OpenAICompat = {
  reasoning: effortField({ none: 'none', minimal: 'low', low: 'low', medium: 'medium', high: 'high', xhigh: 'high' }),
  history: 'none',
};

/** xAI: `reasoning_effort` low/high (grok-3-mini); its models cannot turn reasoning off. */
export const XAI_COMPAT: OpenAICompat = {
  reasoning: effortField({ minimal: 'low', low: 'low', medium: 'high', high: 'high', xhigh: 'high' }),
  history: 'none',
};

/** Ollama's OpenAI endpoint: `reasoning_effort` none/low/medium/high. */
export const OLLAMA_COMPAT: OpenAICompat = {
  reasoning: effortField({ none: 'none', minimal: 'low', low: 'low', medium: 'medium', high: 'high', xhigh: 'high' }),
  history: 'none',
};

/**
 * DeepSeek thinking mode (api-docs.deepseek.com/guides/thinking_mode): `thinking.type` turns it on
 * or off, `reasoning_effort` is high or max (it maps low and medium to high itself).
 */
export const DEEPSEEK_COMPAT: OpenAICompat = {
  reasoning(r) {
    const effort = requestedEffort(r);
    if (effort === 'none') return { thinking: { type: 'disabled' } };
    return { thinking: { type: 'enabled' }, ...(effort === undefined ? {} : { reasoning_effort: effort === 'xhigh' ? 'max' : 'high' }) };
  },
  history: 'tool-turns',
};

/** OpenRouter's unified `reasoning` object: a token budget as `max_tokens`, else an effort word. */
export const OPENROUTER_COMPAT: OpenAICompat = {
  reasoning(r) {
    if (r.budgetTokens !== undefined) return { reasoning: { max_tokens: r.budgetTokens } };
    if (r.effort !== undefined) return { reasoning: { effort: r.effort } };
    return { reasoning: { enabled: true } };
  },
  history: 'details',
  cacheControl: true,
};

/** Mistral's chat API documents no reasoning control (Magistral reasons by model choice). */
export const NO_REASONING_COMPAT: OpenAICompat = {
  reasoning(_r, provider) {
    throw reasoningRefused(provider, 'a reasoning setting (its chat API documents none)');
  },
  history: 'none',
};

/** Messages as the server takes them: canonical-only fields out, reasoning back where it is read. */
export function toOpenAIMessages(messages: readonly ChatMessage[], compat: OpenAICompat): Record<string, unknown>[] {
  const toolTurns = compat.history === 'tool-turns' ? assistantsInToolTurns(messages) : undefined;
  return messages.map((m, i) => {
    const { reasoning, tool_calls, ...rest } = compat.cacheControl ? m : withoutCacheControl(m);
    const out: Record<string, unknown> = rest;
    if (tool_calls) out.tool_calls = tool_calls.map(({ signature: _signature, ...tc }) => tc);
    if (!reasoning?.length) return out;
    if (compat.history === 'details') out.reasoning_details = detailsOfParts(reasoning);
    if (toolTurns?.has(i)) out.reasoning_content = reasoning.map((p) => p.text).join('');
    return out;
  });
}

/** Indexes of assistant messages that share a user-to-user span with a tool call. */
function assistantsInToolTurns(messages: readonly ChatMessage[]): Set<number> {
  const out = new Set<number>();
  let span: number[] = [];
  let called = false;
  const close = () => {
    if (called) for (const i of span) out.add(i);
    span = [];
    called = false;
  };
  messages.forEach((m, i) => {
    if (m.role === 'user') return close();
    if (m.role !== 'assistant') return;
    span.push(i);
    if (m.tool_calls?.length) called = true;
  });
  close();
  return out;
}

/** A message without Anthropic's `cache_control` marks, on itself and on its content parts. */
function withoutCacheControl(m: ChatMessage): ChatMessage {
  const { cache_control: _mark, ...rest } = m as ChatMessage & { cache_control?: unknown };
  if (!Array.isArray(rest.content)) return rest;
  return { ...rest, content: rest.content.map((part) => (part as { cache_control?: unknown }).cache_control === undefined ? part : withoutKey(part, 'cache_control')) };
}

/** Tools without their `cache_control` marks, for servers that refuse them. */
export function toolsFor(tools: unknown, compat: OpenAICompat): unknown {
  if (compat.cacheControl || !Array.isArray(tools)) return tools;
  return tools.map((t) => (t && typeof t === 'object' && 'cache_control' in t ? withoutKey(t, 'cache_control') : t));
}

function withoutKey<T extends object>(value: T, key: string): T {
  const { [key]: _dropped, ...rest } = value as Record<string, unknown>;
  return rest as T;
}
